package dev.txnharness.reports.cli;

import dev.txnharness.engine.Fault;
import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.properties.target.Connection;
import dev.txnharness.properties.target.EngineTarget;
import dev.txnharness.properties.target.RedisUri;
import dev.txnharness.properties.target.RespTarget;
import dev.txnharness.properties.target.SocketTarget;
import dev.txnharness.properties.target.Target;
import dev.txnharness.properties.target.TargetRefusedException;
import dev.txnharness.properties.target.Targets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Opens a target by name, with test-only engine faults, and checks that it can be used before
 * anything runs on it: it answers PING (after AUTH and SELECT, as every connection does), it is not
 * a Redis Cluster node, and — for a server at a URL, which is someone's — it holds no keys unless
 * {@code --flush} allows erasing them. The CONFIG parameters the scenarios change are read first
 * and set back when the target is closed, and the server is flushed then, so it is left as empty as
 * it was found. Every refusal is a {@link CouldNotRun} with one line that
 * names the target without its password.
 */
final class TargetSpec {
    private TargetSpec() {}

    static Target open(String spec, Set<Fault> faults) {
        return open(spec, faults, new TargetOptions());
    }

    static Target open(String spec, Set<Fault> faults, TargetOptions options) {
        String s = spec.trim();
        String shown = RedisUri.redact(s);
        Target t;
        try {
            if (!faults.isEmpty() && s.equals("engine")) {
                t = new EngineTarget(faults, 10_000);
            } else if (!faults.isEmpty() && s.equals("resp")) {
                t = RespTarget.start(faults, Duration.ofSeconds(10));
            } else if (!faults.isEmpty()) {
                throw new CouldNotRun("--fault applies only to the engine and resp targets, not '" + shown + "'");
            } else {
                t = Targets.of(s, options.tls());
            }
        } catch (CouldNotRun e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new CouldNotRun(RedisUri.redact(e.getMessage()), e);
        } catch (RuntimeException | Error e) {
            throw new CouldNotRun("could not start target '" + shown + "': " + oneLine(e), e);
        }
        try {
            preflight(t, shown, options);
            return t;
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
    }

    private static void preflight(Target t, String shown, TargetOptions options) {
        try (Connection c = t.connect()) {
            Reply pong = c.call("PING");
            if (pong instanceof Reply.Err e) {
                String hint = e.code().equals("NOAUTH")
                        ? " (put the password in the target URL, as :PASSWORD@ or USER:PASSWORD@ before the host)" : "";
                throw new CouldNotRun(shown + " answered PING with an error: " + e.message() + hint);
            }
            if (isClusterNode(c)) {
                throw new CouldNotRun(shown + ": this is a Redis Cluster node; the single-server suites cannot run on it: check the "
                        + "cluster with --target redis-cluster://host:port[,host:port] (docs/DISTRIBUTED.md)");
            }
            if (t instanceof SocketTarget st && st.uri() != null) {
                if (!options.flush) refuseKeys(c, st.uri());
                st.rememberConfig(Scenarios.configChanged(Scenarios.load(List.of())));
                st.flushOnClose(); // empty (or allowed to be erased) now: leave it empty, not holding the checks' keys
            }
        } catch (CouldNotRun e) {
            throw e;
        } catch (TargetRefusedException e) {
            throw new CouldNotRun("could not use " + shown + ": " + oneLine(e), e);
        } catch (Exception e) {
            if (t instanceof SocketTarget st && st.uri() != null && st.uri().tls() && !options.hasClientCertificate()) {
                // TLS 1.3: a server that wants a client certificate drops the connection after the
                // handshake, so the first write or read fails with no word about certificates
                throw new CouldNotRun("cannot use " + shown + ": " + oneLine(e) + " (if the server asks for a client certificate, "
                        + "tls-auth-clients yes, give --tls-cert and --tls-key)", e);
            }
            throw new CouldNotRun("cannot reach " + shown + ": " + oneLine(e) + " (is the server running? check --target)", e);
        }
    }

    /** INFO cluster says cluster_enabled:1 (a node answers MOVED for keys of other nodes' slots). */
    private static boolean isClusterNode(Connection c) throws IOException {
        return text(c.call("INFO", "cluster")).contains("cluster_enabled:1");
    }

    /**
     * Refuses a server that holds keys in any db: the scenarios and workloads run FLUSHALL. INFO
     * keyspace lists the non-empty dbs; a server that refuses INFO is refused too, since it cannot
     * be shown to be empty.
     */
    private static void refuseKeys(Connection c, RedisUri uri) throws IOException {
        Reply info = c.call("INFO", "keyspace");
        String server = uri.hostPort();
        if (info instanceof Reply.Err e) {
            throw new CouldNotRun("cannot tell whether " + server + " holds keys (INFO keyspace answered: " + e.message()
                    + "); the checks run FLUSHALL — rerun with --flush to allow it");
        }
        List<String> held = new ArrayList<>();
        long total = 0;
        for (String line : text(info).split("\r?\n")) {
            // db0:keys=12,expires=0,avg_ttl=0
            if (!line.startsWith("db") || !line.contains(":keys=")) continue;
            String db = line.substring(0, line.indexOf(':'));
            String n = line.substring(line.indexOf(":keys=") + 6).split(",")[0];
            held.add(n + " key" + (n.equals("1") ? "" : "s") + " in " + db);
            total += Long.parseLong(n);
        }
        if (total > 0) {
            throw new CouldNotRun(server + " holds " + String.join(", ", held)
                    + "; the checks run FLUSHALL, which would erase them — rerun with --flush to allow it");
        }
    }

    private static String text(Reply r) {
        if (r instanceof Reply.Bulk b) return b.utf8();
        if (r instanceof Reply.Verbatim v) return new String(v.value(), StandardCharsets.UTF_8);
        if (r instanceof Reply.Simple s) return s.value();
        return "";
    }

    /** The first line of an exception's message, with any password in it masked. */
    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return RedisUri.redact(nl < 0 ? m : m.substring(0, nl));
    }
}
