package dev.txnharness.reports.cli;

import dev.txnharness.properties.target.TlsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of every command that opens a target: TLS for {@code rediss://} (redis-cli's {@code
 * --tls-ca}, {@code --insecure}, {@code --tls-cert} and {@code --tls-key}) and {@code --flush}, the permission to erase a server that holds
 * keys (the scenarios and workloads run FLUSHALL).
 */
final class TargetOptions {
    @Option(names = "--tls-ca", paramLabel = "FILE",
            description = "rediss:// only: trust the PEM CA certificate(s) in FILE (default: the JDK's trust store).")
    Path tlsCa;

    @Option(names = "--insecure", description = "rediss:// only: do not verify the server's certificate or host name.")
    boolean insecure;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "rediss:// only: the client certificate (PEM), for a server that asks for one (tls-auth-clients yes).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "rediss:// only: the client certificate's key (unencrypted PKCS#8 PEM).")
    Path tlsKey;

    @Option(names = "--flush",
            description = "Allow erasing a redis:// server that holds keys (the checks run FLUSHALL); without it such a server is refused.")
    boolean flush;

    TlsOptions tls() {
        if (tlsCa != null && !Files.isReadable(tlsCa)) throw new CouldNotRun("--tls-ca " + tlsCa + ": no such readable file");
        for (Path f : new Path[] {tlsCert, tlsKey}) {
            if (f != null && !Files.isReadable(f)) throw new CouldNotRun(f + ": no such readable file (--tls-cert / --tls-key)");
        }
        if ((tlsCert == null) != (tlsKey == null)) throw new CouldNotRun("--tls-cert and --tls-key go together");
        return new TlsOptions(tlsCa, insecure, tlsCert, tlsKey);
    }

    boolean hasClientCertificate() {
        return tlsCert != null;
    }

    /** The options as they go on a re-run command line (never --flush: whoever re-runs decides that again). */
    String rerun() {
        return (tlsCa != null ? " --tls-ca " + tlsCa : "") + (insecure ? " --insecure" : "")
                + (tlsCert != null ? " --tls-cert " + tlsCert + " --tls-key " + tlsKey : "");
    }
}
