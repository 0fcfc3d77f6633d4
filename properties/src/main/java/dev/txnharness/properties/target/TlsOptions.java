package dev.txnharness.properties.target;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How to reach a {@code rediss://} server, with redis-cli's options: {@code --tls-ca FILE} trusts
 * the PEM CA certificate(s) in FILE instead of the JDK's trust store; {@code --insecure} skips
 * verification of the server's certificate and host name; {@code --tls-cert FILE --tls-key FILE}
 * is the client certificate (PEM chain) and its key (unencrypted PKCS#8 PEM, {@code BEGIN PRIVATE
 * KEY}) for a server with {@code tls-auth-clients yes}. By default the server's certificate must
 * chain to a trusted CA and name the host, as for HTTPS, and no client certificate is sent.
 *
 * @param caFile   PEM CA certificate(s) to trust; null: the JDK's default trust store
 * @param insecure trust any certificate for any host
 * @param certFile the client's PEM certificate chain; null: none
 * @param keyFile  the client's PKCS#8 PEM private key; with certFile
 */
public record TlsOptions(Path caFile, boolean insecure, Path certFile, Path keyFile) {

    /** The JDK's trust store and full verification. */
    public static final TlsOptions DEFAULT = new TlsOptions(null, false);

    /** Without a client certificate. */
    public TlsOptions(Path caFile, boolean insecure) {
        this(caFile, insecure, null, null);
    }

    public TlsOptions {
        if ((certFile == null) != (keyFile == null)) throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    }

    /**
     * Wraps a connected socket in TLS and completes the handshake; the server's certificate is
     * verified for {@code host} unless {@link #insecure}.
     */
    public SSLSocket wrap(Socket plain, String host, int port) throws IOException {
        SSLSocket s = (SSLSocket) factory().createSocket(plain, host, port, true);
        if (!insecure) {
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
            s.setSSLParameters(p);
        }
        s.startHandshake();
        return s;
    }

    /** The one-line refusal for a failed handshake, with what to try next. */
    TargetRefusedException handshakeFailed(String hostPort, javax.net.ssl.SSLException e) {
        return new TargetRefusedException("TLS handshake with " + hostPort + " failed: " + e.getMessage()
                + (insecure ? "" : " (trust its CA with --tls-ca FILE, or skip verification with --insecure)"), e);
    }

    /** A socket factory with this trust (also given to Jedis). */
    public SSLSocketFactory factory() throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers(), trustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private KeyManager[] keyManagers() throws IOException, GeneralSecurityException {
        if (certFile == null) return null;
        List<Certificate> chain = new ArrayList<>();
        try (InputStream in = Files.newInputStream(certFile)) {
            chain.addAll(CertificateFactory.getInstance("X.509").generateCertificates(in));
        } catch (java.security.cert.CertificateException e) {
            throw new IOException("--tls-cert " + certFile + " is not a PEM certificate: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) throw new IOException("--tls-cert " + certFile + " holds no PEM certificate");
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setKeyEntry("client", privateKey(chain.get(0).getPublicKey().getAlgorithm()), new char[0], chain.toArray(Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        return kmf.getKeyManagers();
    }

    /** The key of {@link #keyFile}: only unencrypted PKCS#8, which the JDK reads without help. */
    private PrivateKey privateKey(String algorithm) throws IOException, GeneralSecurityException {
        String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PRIVATE KEY-----", end = "-----END PRIVATE KEY-----";
        int b = pem.indexOf(begin), e = pem.indexOf(end);
        if (b < 0 || e < b) {
            throw new IOException("--tls-key " + keyFile + " is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); convert it with "
                    + "openssl pkcs8 -topk8 -nocrypt -in " + keyFile + " -out key.pem");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private TrustManager[] trustManagers() throws IOException, GeneralSecurityException {
        if (insecure) return new TrustManager[] {new TrustAll()};
        if (caFile == null) return null; // the JDK's default
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) throw new IOException("--tls-ca " + caFile + " holds no PEM certificate");
        } catch (java.security.cert.CertificateException e) {
            throw new IOException("--tls-ca " + caFile + " is not a PEM certificate: " + e.getMessage(), e);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf.getTrustManagers();
    }

    /** --insecure: accepts every server certificate, as redis-cli --insecure does. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
