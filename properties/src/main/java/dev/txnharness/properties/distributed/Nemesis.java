package dev.txnharness.properties.distributed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Injects one fault into a history on a schedule drawn from the seed: the fault starts at 15-30 %
 * of the history and is healed at 55-70 % (a killed primary is restarted only once another node
 * took its place, so that it cannot come back empty as the primary, which would erase the
 * replicas too: Redis's documented hazard of restarting a primary without persistence). Every step
 * is a {@link FaultEvent} with its time.
 */
final class Nemesis implements Runnable {
    private final Deployment d;
    private final Fault fault;
    private final Random random;
    private final long t0;
    private final Duration duration;
    private final List<FaultEvent> events;
    private final List<String> tags;
    private volatile Throwable failure;
    private volatile boolean restartedEmpty;

    Nemesis(Deployment d, Fault fault, Random random, long t0, Duration duration, List<FaultEvent> events, List<String> tags) {
        this.tags = tags;
        this.d = d;
        this.fault = fault;
        this.random = random;
        this.t0 = t0;
        this.duration = duration;
        this.events = events;
    }

    Throwable failure() {
        return failure;
    }

    /**
     * Whether the nemesis restarted a killed primary that no replica had replaced (no failover
     * within 20 s): it came back empty as the primary and its replicas resynced from it, so the
     * harness, not the target, erased the shard's writes.
     */
    boolean restartedEmpty() {
        return restartedEmpty;
    }

    @Override
    public void run() {
        if (fault == null) return;
        long total = duration.toMillis();
        long start = total * (15 + random.nextInt(16)) / 100, heal = total * (55 + random.nextInt(16)) / 100;
        try {
            at(start);
            switch (fault) {
                case KILL -> kill(heal);
                case PAUSE -> pause(heal);
                case FAILOVER -> failover();
                case PARTITION -> partition(heal);
                case MIGRATE -> migrate(start, heal);
            }
        } catch (Throwable e) {
            failure = e;
            event("error", "the nemesis failed: " + e);
        }
    }

    private Node primary() {
        List<Node> ps = d.primaries();
        if (ps.isEmpty()) throw new IllegalStateException("no primary to fault");
        return ps.get(random.nextInt(ps.size()));
    }

    private void kill(long heal) {
        Node p = primary();
        long pid = p.pid();
        p.kill();
        event("kill", "kill -9 " + pid + " (primary " + p + ")");
        boolean promoted = false;
        if (d.replicasPerShard() == 0) {
            event("promoted", "no replica can take over from " + p.address() + "; its slots are down until it restarts, empty");
        } else {
            promoted = d.awaitFailoverFrom(p, Duration.ofSeconds(20));
            event("promoted", promoted ? "another node took over from " + p.address()
                    : "no failover within 20 s of killing " + p.address() + "; restarting it anyway");
        }
        at(heal);
        String of = d.replicaOfAfterKill(p);
        if (of != null) p.restart("replicaof " + of);
        else p.restart();
        event("restart", "restarted " + p.address() + " (pid " + p.pid() + ")" + (of != null ? " as a replica of " + of.replace(' ', ':') : ""));
        if (d.replicasPerShard() > 0 && !promoted && of == null) {
            restartedEmpty = true;
            event("wiped", p.address() + " came back empty as the primary before any failover; its replicas resync from it and lose its writes: "
                    + "the harness caused that loss, so WAIT-acknowledged EXECs lost in this history are unknown, not violations");
        }
    }

    private void pause(long heal) {
        Node p = primary();
        p.pause();
        event("pause", "kill -STOP " + p.pid() + " (primary " + p + ")");
        at(heal);
        p.resume();
        event("resume", "kill -CONT " + p.pid() + " (" + p.address() + ")");
    }

    private void failover() throws Exception {
        event("failover", d.failover(random));
    }

    private void partition(long heal) throws Exception {
        Node p = primary();
        d.cut(p);
        event("cut", "clients cut off primary " + p + " at its loopback proxy (the nodes still see each other)");
        at(heal);
        d.heal(p);
        event("heal", "the proxy of " + p + " forwards again");
    }

    /**
     * Moves the slots of half of the workload's tags (at least one) to other primaries, one slot
     * after another between the fault's start and heal times: each slot stays MIGRATING for a few
     * steps (after SETSLOT and after each MIGRATE batch) so that clients meet -ASK and -TRYAGAIN.
     */
    private void migrate(long start, long heal) throws Exception {
        List<String> order = new ArrayList<>(tags);
        Collections.shuffle(order, random);
        TreeSet<Integer> slots = new TreeSet<>();
        for (String tag : order.subList(0, Math.max(1, order.size() / 2))) slots.add(ClusterDeployment.slot(tag + "a"));
        long step = Math.max(50, Math.min(500, (heal - start) / (4L * slots.size())));
        for (int slot : slots) {
            String done = d.migrate(slot, random, what -> event("migrate", what), () -> Waits.pause(step)); // the schedule, not a condition
            event("migrated", done);
        }
    }

    private void event(String kind, String what) {
        events.add(new FaultEvent(DistributedHistory.ms(t0), kind, what));
    }

    /** Waits until {@code millis} after the history started (the schedule, not a condition). */
    private void at(long millis) {
        long left = millis - DistributedHistory.ms(t0);
        if (left > 0) Waits.pause(left);
    }
}
