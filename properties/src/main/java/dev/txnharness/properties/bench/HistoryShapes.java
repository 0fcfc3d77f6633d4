package dev.txnharness.properties.bench;

import dev.txnharness.properties.history.Event;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.history.Replies;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.target.Connection;
import dev.txnharness.properties.target.EngineTarget;
import dev.txnharness.properties.target.IndeterminateException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Generates concurrent Redis WATCH/MULTI/EXEC histories of a chosen shape, for benchmarking the
 * checker: clients, total commands, key groups, MULTI block length, blocks spanning two groups,
 * ops with an unknown outcome, and one injected fault.
 *
 * <p>How: a discrete-event simulation against the in-process reference engine. Each client runs
 * its program one command at a time; a command is invoked at some time, executed on the engine
 * at a later time (its linearization point) and returns later still; the next command of that
 * client is invoked after a think time. Commands are executed in the order of their execution
 * times, so the history without a fault is linearizable by construction, and its overlap comes
 * from the random delays. Every random choice comes from {@link Shape#seed}.
 *
 * <p>Faults are injected after the run, where they are certain to be violations:
 *
 * <ul>
 *   <li>{@link Fault#LOST_WRITE}: a {@code SET k v} outside MULTI, followed by the same client's
 *       {@code GET k} with no other write of {@code k} overlapping that window, is rewritten to
 *       {@code SET k <a value never written>}; the GET still answers the old value, as if the
 *       server had acknowledged the write and lost it.
 *   <li>{@link Fault#STALE_READ}: a {@code GET k} after a {@code SET k x} that returned before it
 *       was called, with no other write of {@code k} overlapping the SET's call to the GET's
 *       return, answers a value other than {@code x} that {@code k} held before.
 * </ul>
 */
public final class HistoryShapes {

  /** The injected fault, if any. */
  public enum Fault {
    NONE,
    LOST_WRITE,
    STALE_READ
  }

  /**
   * A history shape.
   *
   * @param clients concurrent clients
   * @param ops commands in the whole history (about; a block is never cut)
   * @param groups key groups; each block of commands works in a group drawn at random
   * @param keysPerGroup keys per group
   * @param maxBlock the most commands queued in one MULTI block (1 to this, uniformly)
   * @param crossGroup the chance that a MULTI block also names a key of another group
   * @param pending the chance that a command's reply is lost (the op's outcome is unknown)
   * @param fault the injected fault
   * @param seed every random choice
   */
  public record Shape(int clients, int ops, int groups, int keysPerGroup, int maxBlock,
      double crossGroup, double pending, Fault fault, long seed) {

    public Shape {
      if (clients < 1 || ops < 1 || groups < 1 || keysPerGroup < 1 || maxBlock < 1) {
        throw new IllegalArgumentException("a shape needs at least one of each: " + this);
      }
    }

    /** A plain shape: blocks of 1 to 3 commands, no cross-group blocks, no pending ops. */
    public static Shape of(int clients, int ops, int groups, Fault fault, long seed) {
      return new Shape(clients, ops, groups, groups == 1 ? 1 : 3, 3, 0, 0, fault, seed);
    }

    public Shape withMaxBlock(int b) {
      return new Shape(clients, ops, groups, keysPerGroup, b, crossGroup, pending, fault, seed);
    }

    public Shape withCrossGroup(double p) {
      return new Shape(clients, ops, groups, keysPerGroup, maxBlock, p, pending, fault, seed);
    }

    public Shape withPending(double p) {
      return new Shape(clients, ops, groups, keysPerGroup, maxBlock, crossGroup, p, fault, seed);
    }

    public Shape withKeysPerGroup(int k) {
      return new Shape(clients, ops, groups, k, maxBlock, crossGroup, pending, fault, seed);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%d clients x %d ops, %d group(s) of %d key(s), blocks"
          + " <= %d, cross %.2f, pending %.3f, %s, seed %d", clients, ops, groups, keysPerGroup,
          maxBlock, crossGroup, pending, fault, seed);
    }
  }

  /** One command as it ran: who, what, when, and the reply (null: the reply was lost). */
  private static final class Rec {
    final int client;
    final List<String> argv;
    final long invoke;
    long ret;
    Reply reply;
    List<List<String>> queue = List.of(); // for EXEC: the block's queued commands
    boolean inMulti;

    Rec(int client, List<String> argv, long invoke) {
      this.client = client;
      this.argv = argv;
      this.invoke = invoke;
    }

    String name() {
      return argv.get(0);
    }

    /** True when this op may write {@code key} (an EXEC counts for its queued writes). */
    boolean mayWrite(String key) {
      if (name().equals("EXEC")) {
        for (List<String> q : queue) {
          if (isWrite(q) && q.subList(1, q.size()).contains(key)) {
            return true;
          }
        }
        return false;
      }
      return !inMulti && isWrite(argv) && argv.subList(1, argv.size()).contains(key);
    }
  }

  private static boolean isWrite(List<String> argv) {
    String n = argv.get(0);
    return n.equals("SET") || n.equals("DEL") || n.equals("INCR");
  }

  private HistoryShapes() {}

  /** The history of {@code shape}. */
  public static History generate(Shape shape) {
    return new Sim(shape).run();
  }

  private static final class Sim {
    private final Shape shape;
    private final SplittableRandom random;
    private final List<Rec> recs = new ArrayList<>();
    private int nextClientId;

    Sim(Shape shape) {
      this.shape = shape;
      this.random = new SplittableRandom(shape.seed());
    }

    private final class ClientState {
      int id;
      Connection conn;
      final List<List<String>> block = new ArrayList<>();
      int pos;
      boolean multi;
      List<List<String>> queued = new ArrayList<>();
      Rec current;
      boolean done;

    }

    History run() {
      long step = 1;
      try (EngineTarget target = new EngineTarget()) {
        List<ClientState> clients = new ArrayList<>();
        // events: {time, kind (0 invoke, 1 exec, 2 return), client index}
        PriorityQueue<long[]> queue = new PriorityQueue<>(
            Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[3]));
        long seq = 0;
        for (int i = 0; i < shape.clients(); i++) {
          ClientState c = new ClientState();
          c.id = nextClientId++;
          c.conn = target.connect();
          clients.add(c);
          queue.add(new long[] {random.nextLong(200), 0, i, seq++});
        }
        int issued = 0;
        while (!queue.isEmpty()) {
          long[] ev = queue.poll();
          long time = (ev[0] << 24) + step++; // distinct and increasing: events come in time order
          ClientState c = clients.get((int) ev[2]);
          if (ev[1] == 0) {
            if (c.pos >= c.block.size()) {
              if (issued >= shape.ops()) {
                c.done = true;
                continue;
              }
              nextBlock(c);
            }
            List<String> argv = c.block.get(c.pos++);
            issued++;
            Rec r = new Rec(c.id, argv, time);
            r.inMulti = c.multi && !argv.get(0).equals("EXEC") && !argv.get(0).equals("DISCARD");
            if (argv.get(0).equals("EXEC")) {
              r.queue = List.copyOf(c.queued);
            }
            c.current = r;
            recs.add(r);
            queue.add(new long[] {ev[0] + random.nextLong(1, 200), 1, ev[2], seq++});
          } else if (ev[1] == 1) {
            Rec r = c.current;
            boolean lost = random.nextDouble() < shape.pending();
            if (!lost || random.nextBoolean()) {
              r.reply = call(c.conn, r.argv);
            }
            if (lost) {
              r.reply = null;
            }
            track(c, r.argv);
            queue.add(new long[] {ev[0] + random.nextLong(1, 200), 2, ev[2], seq++});
          } else {
            Rec r = c.current;
            r.ret = time;
            c.current = null;
            if (r.reply == null) {
              // the reply never came: as Jepsen does, the client goes on as a new process
              c.conn.close();
              c.conn = target.connect();
              c.id = nextClientId++;
              c.block.clear();
              c.pos = 0;
              c.multi = false;
              c.queued.clear();
            }
            queue.add(new long[] {ev[0] + random.nextLong(0, 400), 0, ev[2], seq++});
          }
        }
      }
      injectFault();
      return toHistory();
    }

    private void track(ClientState c, List<String> argv) {
      String n = argv.get(0);
      if (n.equals("MULTI")) {
        c.multi = true;
        c.queued.clear();
      } else if (n.equals("EXEC") || n.equals("DISCARD")) {
        c.multi = false;
        c.queued.clear();
      } else if (c.multi) {
        c.queued.add(argv);
      }
    }

    private static Reply call(Connection conn, List<String> argv) {
      try {
        return Replies.fromWire(conn.call(argv.toArray(new String[0])));
      } catch (IndeterminateException e) {
        throw new IllegalStateException("the in-process engine lost a reply: " + e, e);
      }
    }

    private String key(int group) {
      return "{g" + group + "}k" + random.nextInt(shape.keysPerGroup());
    }

    private String value() {
      return Integer.toString(random.nextInt(10));
    }

    private List<String> single(String k) {
      int r = random.nextInt(100);
      if (r < 45) {
        return List.of("GET", k);
      } else if (r < 80) {
        return List.of("SET", k, value());
      } else if (r < 88) {
        return List.of("DEL", k);
      }
      return List.of("INCR", k);
    }

    private void nextBlock(ClientState c) {
      c.block.clear();
      c.pos = 0;
      int kind = random.nextInt(100);
      int group = random.nextInt(shape.groups());
      String k = key(group);
      if (kind < 45) {
        c.block.add(single(k));
        return;
      }
      if (kind < 50) {
        c.block.add(List.of("WATCH", k));
        c.block.add(List.of("GET", k));
        c.block.add(List.of("UNWATCH"));
        return;
      }
      boolean watch = kind < 85;
      if (watch) {
        c.block.add(List.of("WATCH", k));
        c.block.add(List.of("GET", k));
      }
      c.block.add(List.of("MULTI"));
      int n = 1 + random.nextInt(shape.maxBlock());
      int other = group;
      if (shape.groups() > 1 && random.nextDouble() < shape.crossGroup()) {
        other = (group + 1 + random.nextInt(shape.groups() - 1)) % shape.groups();
      }
      for (int i = 0; i < n; i++) {
        String q = i == n - 1 && other != group ? key(other) : key(group);
        if (random.nextInt(200) == 0) {
          c.block.add(List.of("SET", q)); // wrong arity: rejected at queue time, EXECABORT
        } else {
          c.block.add(single(q));
        }
      }
      c.block.add(List.of(random.nextInt(20) == 0 ? "DISCARD" : "EXEC"));
    }

    // ---- faults ---------------------------------------------------------------------------

    private void injectFault() {
      if (shape.fault() == Fault.NONE) {
        return;
      }
      List<Integer> order = new ArrayList<>();
      for (int i = recs.size() / 2; i < recs.size(); i++) {
        order.add(i);
      }
      for (int i = 0; i < recs.size() / 2; i++) {
        order.add(i);
      }
      for (int g : order) {
        Rec get = recs.get(g);
        if (!get.name().equals("GET") || get.inMulti || get.reply == null) {
          continue;
        }
        String key = get.argv.get(1);
        Rec write = lastWriteBefore(g, key);
        if (write == null || !write.name().equals("SET") || write.inMulti || write.reply == null
            || !quiet(key, write, get)) {
          continue;
        }
        if (shape.fault() == Fault.LOST_WRITE) {
          if (write.client != get.client) {
            continue;
          }
          int w = recs.indexOf(write);
          recs.set(w, copyWithArgv(write, List.of("SET", key, "lost-write")));
          return; // the read still answers what the original write left: not the lost value
        }
        String x = write.argv.get(2);
        String stale = x.equals("0") ? "1" : "0";
        Rec r = copyWithArgv(get, get.argv);
        r.reply = new Reply.Bulk(stale);
        recs.set(g, r);
        return;
      }
      throw new IllegalStateException("no place to inject " + shape.fault() + " in " + shape);
    }

    private static Rec copyWithArgv(Rec r, List<String> argv) {
      Rec c = new Rec(r.client, argv, r.invoke);
      c.ret = r.ret;
      c.reply = r.reply;
      c.queue = r.queue;
      c.inMulti = r.inMulti;
      return c;
    }

    /** The write of {@code key} that returned last before {@code recs[g]} was called. */
    private Rec lastWriteBefore(int g, String key) {
      Rec get = recs.get(g);
      Rec best = null;
      for (Rec r : recs) {
        if (r.mayWrite(key) && r.reply != null && r.ret < get.invoke
            && (best == null || r.ret > best.ret)) {
          best = r;
        }
      }
      return best;
    }

    /**
     * True when no op but {@code write} may write {@code key} anywhere from the write's call to
     * the read's return (an op with an unknown outcome may take effect any time after its call).
     */
    private boolean quiet(String key, Rec write, Rec read) {
      for (Rec r : recs) {
        if (r == write || !r.mayWrite(key)) {
          continue;
        }
        long ret = r.reply == null ? Long.MAX_VALUE : r.ret;
        if (r.invoke <= read.ret && ret >= write.invoke) {
          return false;
        }
      }
      return true;
    }

    private History toHistory() {
      List<Event> events = new ArrayList<>(2 * recs.size());
      for (Rec r : recs) {
        Op op = new Op.Command(r.argv);
        events.add(Event.invoke(r.client, op, r.invoke));
        events.add(r.reply == null ? Event.info(r.client, op, r.ret)
            : Event.ok(r.client, op, r.reply, r.ret));
      }
      events.sort(Comparator.comparingLong(Event::nanos));
      return new History(events);
    }
  }
}
