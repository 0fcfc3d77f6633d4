package dev.txnharness.reports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway CA and a server certificate it signed (for 127.0.0.1 and localhost), made with the
 * JDK's own keytool so that the TLS tests need nothing outside the JDK: ca.pem, server.pem and
 * server.key (PKCS#8 PEM, which redis-server's OpenSSL reads), and a client certificate the same CA
 * signed (client.pem, client.key), in a directory.
 */
record TestTls(Path ca, Path cert, Path key, Path clientCert, Path clientKey) {
    private static final String PASS = "changeit";

    static TestTls make(Path where) throws Exception {
        Path dir = where.toAbsolutePath(); // redis-server runs in its own directory
        Files.createDirectories(dir);
        Path caStore = dir.resolve("ca.p12");
        Files.deleteIfExists(caStore);
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=harness-test-ca",
                "-ext", "bc:c", "-validity", "2", "-keystore", caStore.toString(), "-storetype", "PKCS12", "-storepass", PASS);
        Path ca = dir.resolve("ca.pem");
        keytool("-exportcert", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", PASS, "-rfc", "-file", ca.toString());
        Path[] server = signed(dir, caStore, "server", "CN=localhost", "san=ip:127.0.0.1,dns:localhost");
        Path[] client = signed(dir, caStore, "client", "CN=harness-test-client", "eku=clientAuth");
        return new TestTls(ca, server[0], server[1], client[0], client[1]);
    }

    /** A key pair and a certificate for it that the CA signed: NAME.pem and NAME.key. */
    private static Path[] signed(Path dir, Path caStore, String name, String dname, String ext) throws Exception {
        Path store = dir.resolve(name + ".p12"), csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem"), key = dir.resolve(name + ".key");
        Files.deleteIfExists(store);
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", dname,
                "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASS);
        keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-storepass", PASS, "-file", csr.toString());
        keytool("-gencert", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", PASS, "-infile", csr.toString(),
                "-outfile", cert.toString(), "-rfc", "-ext", ext, "-validity", "2");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASS.toCharArray());
        }
        Key k = ks.getKey(name, PASS.toCharArray());
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(k.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        Files.writeString(key, pem, StandardCharsets.US_ASCII);
        return new Path[] {cert, key};
    }

    /** redis-server options for a TLS port beside the plain one the launcher pings. */
    List<String> serverConfig(int tlsPort, boolean clientCertificates) {
        return List.of("tls-port " + tlsPort, "tls-cert-file " + cert, "tls-key-file " + key, "tls-ca-cert-file " + ca,
                "tls-auth-clients " + (clientCertificates ? "yes" : "no"));
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("keytool " + cmd + " failed:\n" + out);
    }
}
