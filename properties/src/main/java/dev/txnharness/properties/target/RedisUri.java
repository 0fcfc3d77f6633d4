package dev.txnharness.properties.target;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server address as redis-cli's {@code -u} takes it: {@code redis://[user:password@]host:port[/db]},
 * or {@code rediss://} for TLS. The password is kept only to send AUTH: {@link #toString()} and
 * {@link #redacted()} print it as {@code ***}, and {@link #redact(String)} does the same to any text
 * that may hold a target name, so nothing the harness prints or stores carries it.
 *
 * @param tls      {@code rediss://}
 * @param user     the ACL user (null: AUTH with the password alone, the {@code default} user)
 * @param password null: no AUTH
 * @param db       the database every connection SELECTs (0 by default)
 */
public record RedisUri(boolean tls, String host, int port, String user, String password, int db) {

    /** How a password in a target name is printed. */
    public static final String MASK = "***";

    // the userinfo of any redis-like URL in free text (a name, a message, a command line; also the
    // distributed targets' redis-sentinel:// and redis-cluster://): up to
    // the last @ of the word, so that an unencoded @ in a password is masked too; a comma ends the
    // word because --target takes a comma-separated list
    private static final Pattern USERINFO = Pattern.compile("((?:jedis\\+)?redis(?:s|-sentinel|-cluster)?://)([^\\s'\",]*)@");

    /** Parses a {@code redis://} or {@code rediss://} URL; a message that quotes it never shows the password. */
    public static RedisUri parse(String url) {
        String s = url.trim();
        boolean tls;
        if (s.startsWith("rediss://")) {
            tls = true;
        } else if (s.startsWith("redis://")) {
            tls = false;
        } else {
            throw new IllegalArgumentException("not a redis:// or rediss:// URL: '" + redact(s) + "'");
        }
        URI u;
        try {
            u = new URI(s);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("malformed target '" + redact(s) + "' (redis://[user:password@]host:port[/db]; "
                    + "percent-encode @ / : in a password)");
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("no host in target '" + redact(s) + "' (redis://[user:password@]host:port[/db])");
        }
        String user = null, password = null;
        String info = u.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            try {
                if (colon < 0) {
                    password = decode(info); // redis-cli reads redis://secret@host as a password alone
                } else {
                    user = colon == 0 ? null : decode(info.substring(0, colon));
                    password = decode(info.substring(colon + 1));
                }
            } catch (IllegalArgumentException e) { // its message quotes the password
                throw new IllegalArgumentException("a bad %-escape in the user or password of target '" + redact(s) + "'");
            }
        }
        int db = 0;
        String path = u.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the database in target '" + redact(s) + "' is not a number: '" + path.substring(1) + "'");
            }
            if (db < 0) throw new IllegalArgumentException("negative database in target '" + redact(s) + "'");
        }
        return new RedisUri(tls, u.getHost(), u.getPort() < 0 ? 6379 : u.getPort(), user, password, db);
    }

    /** host:port, for messages about the server itself. */
    public String hostPort() {
        return host + ":" + port;
    }

    /** The URL with the password as {@value #MASK}; the name a target has everywhere. */
    public String redacted() {
        StringBuilder sb = new StringBuilder(tls ? "rediss://" : "redis://");
        if (user != null || password != null) {
            if (user != null) sb.append(user);
            if (password != null) sb.append(':').append(MASK);
            sb.append('@');
        }
        sb.append(host).append(':').append(port);
        if (db != 0) sb.append('/').append(db);
        return sb.toString();
    }

    @Override
    public String toString() {
        return redacted();
    }

    /**
     * The text with the password of every redis URL in it replaced by {@value #MASK} (the user name
     * stays): for names, command lines and messages that quote what the user typed.
     */
    public static String redact(String text) {
        if (text == null || text.indexOf("://") < 0) return text;
        Matcher m = USERINFO.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String info = m.group(2);
            int colon = info.indexOf(':');
            String masked = colon < 0 ? ":" + MASK : info.substring(0, colon) + ":" + MASK;
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + masked + "@"));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
