package dev.txnharness.properties.target;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
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
 * verification of the server's certificate and host name. By default the server's certificate must
 * chain to a trusted CA and name the host, as for HTTPS. No client certificate is sent (a server
 * with {@code tls-auth-clients yes} refuses the handshake).
 *
 * @param caFile   PEM CA certificate(s) to trust; null: the JDK's default trust store
 * @param insecure trust any certificate for any host
 */
public record TlsOptions(Path caFile, boolean insecure) {

    /** The JDK's trust store and full verification. */
    public static final TlsOptions DEFAULT = new TlsOptions(null, false);

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

    /** A socket factory with this trust (also given to Jedis). */
    public SSLSocketFactory factory() throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, trustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
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
