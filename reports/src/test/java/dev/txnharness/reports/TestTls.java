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
 * server.key (PKCS#8 PEM, which redis-server's OpenSSL reads) in a directory.
 */
record TestTls(Path ca, Path cert, Path key) {
    private static final String PASS = "changeit";

    static TestTls make(Path where) throws Exception {
        Path dir = where.toAbsolutePath(); // redis-server runs in its own directory
        Files.createDirectories(dir);
        Path caStore = dir.resolve("ca.p12"), serverStore = dir.resolve("server.p12");
        Files.deleteIfExists(caStore);
        Files.deleteIfExists(serverStore);
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=harness-test-ca",
                "-ext", "bc:c", "-validity", "2", "-keystore", caStore.toString(), "-storetype", "PKCS12", "-storepass", PASS);
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-validity", "2", "-keystore", serverStore.toString(), "-storetype", "PKCS12", "-storepass", PASS);
        Path csr = dir.resolve("server.csr"), cert = dir.resolve("server.pem"), ca = dir.resolve("ca.pem"), key = dir.resolve("server.key");
        keytool("-certreq", "-alias", "server", "-keystore", serverStore.toString(), "-storepass", PASS, "-file", csr.toString());
        keytool("-gencert", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", PASS, "-infile", csr.toString(),
                "-outfile", cert.toString(), "-rfc", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2");
        keytool("-exportcert", "-alias", "ca", "-keystore", caStore.toString(), "-storepass", PASS, "-rfc", "-file", ca.toString());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverStore)) {
            ks.load(in, PASS.toCharArray());
        }
        Key k = ks.getKey("server", PASS.toCharArray());
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(k.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        Files.writeString(key, pem, StandardCharsets.US_ASCII);
        return new TestTls(ca, cert, key);
    }

    /** redis-server options for a TLS port beside the plain one the launcher pings. */
    List<String> serverConfig(int tlsPort) {
        return List.of("tls-port " + tlsPort, "tls-cert-file " + cert, "tls-key-file " + key, "tls-ca-cert-file " + ca,
                "tls-auth-clients no");
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
