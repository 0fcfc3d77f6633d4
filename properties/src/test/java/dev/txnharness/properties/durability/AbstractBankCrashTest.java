package dev.txnharness.properties.durability;

import dev.txnharness.engine.protocol.Reply;
import dev.txnharness.properties.target.Connection;
import dev.txnharness.properties.target.IndeterminateException;
import dev.txnharness.properties.target.SocketTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The bank-transfer crash test, one suite for every server with an AOF (a subclass per server).
 * Clients move money between accounts in transactions — {@code WATCH} both balances, {@code
 * MULTI}, {@code DECRBY from}, {@code INCRBY to}, {@code RPUSH transfers <id>}, {@code EXEC} —
 * while the harness crashes the server at a random moment, starts it again on the same directory
 * and checks ({@link Ledger#check}): the total is unchanged and the balances are exactly those the
 * listed transfers give (no half transaction), and every EXEC acknowledged before the crash is
 * listed (nothing acknowledged is lost).
 *
 * <p>How to run: {@code mvn -pl properties test -Dtest='dev.txnharness.properties.durability.*Test'};
 * {@code -Ddurability.kills=N} crashes per server (default {@value #DEFAULT_KILLS}), {@code
 * -Ddurability.seed=S} (default 1). Each run prints one line of figures.
 */
abstract class AbstractBankCrashTest {
    static final int DEFAULT_KILLS = 20;
    static final int ACCOUNTS = 5;
    static final long INITIAL = 1000;
    static final int CLIENTS = 4;

    /** The figures of one run. */
    record Figures(String server, int kills, long acknowledged, long maybe, long aborted, int lost, int partial,
                   int invented, long millis, List<String> problems) {
        @Override
        public String toString() {
            return String.format("%s: kills %d, transactions acknowledged %d, indeterminate %d, aborted by WATCH %d, "
                    + "lost %d, partial %d, invented %d, wall %.1f s", server, kills, acknowledged, maybe, aborted,
                    lost, partial, invented, millis / 1000.0);
        }
    }

    static int kills() {
        return Integer.getInteger("durability.kills", DEFAULT_KILLS);
    }

    static long seed() {
        return Long.getLong("durability.seed", 1);
    }

    /**
     * Runs {@code kills} rounds of traffic-then-crash on a fresh directory. {@code armed}: crash
     * with {@link CrashableServer#crashAfterNextTransaction} instead of at a random moment.
     */
    static Figures run(CrashableServer.Factory factory, int kills, long seed, boolean armed) throws Exception {
        long start = System.nanoTime();
        Path dir = Files.createTempDirectory("harness-crash-");
        Random random = new Random(seed);
        Ledger ledger = new Ledger(ACCOUNTS, INITIAL);
        AtomicLong ids = new AtomicLong();
        long[] counts = new long[3]; // acknowledged, maybe, aborted
        int lost = 0;
        int partial = 0;
        int invented = 0;
        List<String> problems = new ArrayList<>();
        CrashableServer server = factory.start(dir);
        try {
            try (Connection c = connect(server)) {
                List<String> mset = new ArrayList<>(List.of("MSET"));
                for (int i = 0; i < ACCOUNTS; i++) {
                    mset.add("acct:" + i);
                    mset.add(Long.toString(INITIAL));
                }
                c.call(mset.toArray(new String[0]));
            }
            for (int round = 0; round < kills; round++) {
                List<Thread> clients = new ArrayList<>();
                long[][] perClient = new long[CLIENTS][3];
                for (int i = 0; i < CLIENTS; i++) {
                    long clientSeed = random.nextLong();
                    long[] mine = perClient[i];
                    CrashableServer s = server;
                    Thread t = new Thread(() -> transfers(s, new Random(clientSeed), ledger, ids, mine), "bank-client-" + i);
                    t.setDaemon(true);
                    clients.add(t);
                    t.start();
                }
                if (armed) {
                    if (!server.crashAfterNextTransaction()) throw new IllegalStateException(factory.describe() + " has no crash hook");
                } else {
                    Thread.sleep(50 + random.nextInt(250)); // real time: the server is a real process
                    server.crash();
                }
                for (Thread t : clients) {
                    t.join(30_000);
                    if (t.isAlive()) throw new IllegalStateException(t.getName() + " did not stop after the crash");
                }
                server.close();
                for (long[] m : perClient) {
                    for (int k = 0; k < 3; k++) counts[k] += m[k];
                }
                server = factory.start(dir);
                Ledger.Check check = check(server, ledger);
                lost += check.lost();
                invented += check.invented() + check.duplicated();
                if (check.partial()) partial++;
                if (!check.ok()) problems.add("after kill " + (round + 1) + ": " + check.detail());
            }
        } finally {
            server.close();
            deleteTree(dir);
        }
        Figures f = new Figures(factory.describe(), kills, counts[0], counts[1], counts[2], lost, partial, invented,
                (System.nanoTime() - start) / 1_000_000, problems);
        System.out.println("bank crash test, " + f + (problems.isEmpty() ? "" : "\n  " + String.join("\n  ", problems))
                + "\n  replay: -Ddurability.seed=" + seed + " -Ddurability.kills=" + kills);
        return f;
    }

    /** One client: transfers until the connection dies (the crash). counts: acknowledged, maybe, aborted. */
    private static void transfers(CrashableServer server, Random r, Ledger ledger, AtomicLong ids, long[] counts) {
        try (Connection c = connect(server)) {
            while (true) {
                int from = r.nextInt(ACCOUNTS);
                int to = (from + 1 + r.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                long amount = 1 + r.nextInt(50);
                long id = ids.incrementAndGet();
                String a = "acct:" + from;
                String b = "acct:" + to;
                c.call("WATCH", a, b);
                c.call("GET", a);
                c.call("MULTI");
                c.call("DECRBY", a, Long.toString(amount));
                c.call("INCRBY", b, Long.toString(amount));
                c.call("RPUSH", "transfers", Long.toString(id));
                ledger.attempted.put(id, new Ledger.Transfer(id, from, to, amount));
                Reply exec;
                try {
                    exec = c.call("EXEC");
                } catch (IndeterminateException e) {
                    ledger.maybe.add(id);
                    counts[1]++;
                    return;
                }
                if (exec instanceof Reply.Array) {
                    ledger.acked.add(id);
                    counts[0]++;
                } else if (exec instanceof Reply.NullArray) {
                    counts[2]++; // another transfer touched a balance: nothing applied
                } else {
                    throw new IllegalStateException("EXEC answered " + exec);
                }
            }
        } catch (IOException e) {
            // the crash: any command but EXEC failing means that transfer never ran
        }
    }

    private static Ledger.Check check(CrashableServer server, Ledger ledger) throws IOException {
        try (Connection c = connect(server)) {
            String[] mget = new String[ACCOUNTS + 1];
            mget[0] = "MGET";
            for (int i = 0; i < ACCOUNTS; i++) mget[i + 1] = "acct:" + i;
            Reply.Array balances = (Reply.Array) c.call(mget);
            long[] b = new long[ACCOUNTS];
            for (int i = 0; i < ACCOUNTS; i++) b[i] = Long.parseLong(((Reply.Bulk) balances.items().get(i)).utf8());
            Reply.Array listed = (Reply.Array) c.call("LRANGE", "transfers", "0", "-1");
            List<Long> ids = new ArrayList<>();
            for (Reply r : listed.items()) ids.add(Long.parseLong(((Reply.Bulk) r).utf8()));
            return ledger.check(b, ids);
        }
    }

    static Connection connect(CrashableServer server) throws IOException {
        return new SocketTarget("crash", "127.0.0.1", server.port(), Duration.ofSeconds(10)).connect();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
