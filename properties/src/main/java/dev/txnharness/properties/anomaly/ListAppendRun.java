package dev.txnharness.properties.anomaly;

import dev.txnharness.properties.history.Event;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.history.Replies;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.target.Connection;
import dev.txnharness.properties.target.IndeterminateException;
import dev.txnharness.properties.target.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

/**
 * Runs a list-append workload ({@link ListAppend}) on any {@link Target} and records one
 * {@link Op.Transaction} per transaction: invoke at its first command (WATCH or MULTI), then ok
 * with {@code [[watched reads], EXEC reply]}, {@code fail} after DISCARD (surely not applied), or
 * {@code info} when a reply never came (the client stops there: its session is unknown).
 *
 * <p>Two modes, as {@code workload.Runs}: {@link #threaded} (a thread and a connection per client,
 * {@link System#nanoTime()}) and {@link #deterministic} (one thread; the next client to send one
 * command is drawn from {@code pick}, and time is a logical clock, so on the in-process engine a
 * run is a pure function of the plans and the picks). Events go to a sink as they happen, so a
 * 1M-transaction run can be checked or written without being held. The keyspace is emptied first
 * (FLUSHALL, not recorded).
 */
public final class ListAppendRun {
  private ListAppendRun() {}

  /** Runs with one thread per client; returns the history. */
  public static History threaded(Target target, ListAppend.Spec spec, List<List<ListAppend.Plan>> plans) {
    List<Event> events = new ArrayList<>();
    threaded(target, spec, plans, events::add);
    return new History(events);
  }

  /** Runs with one thread per client, events to {@code sink} (called under one lock, in order). */
  public static void threaded(Target target, ListAppend.Spec spec, List<List<ListAppend.Plan>> plans, Consumer<Event> sink) {
    flush(target);
    Recorder rec = new Recorder(sink, System::nanoTime);
    List<Cursor> cursors = cursors(target, spec, plans, rec);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (Cursor c : cursors) {
      Thread t = new Thread(() -> {
        try {
          go.await();
          while (c.step()) {
            // one command at a time until the client is done
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          c.conn.close();
        }
      }, "list-append-" + c.client);
      threads.add(t);
      t.start();
    }
    go.countDown();
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  /** Runs on one thread, the schedule drawn from {@code pick} (a value in [0, n)); returns the history. */
  public static History deterministic(Target target, ListAppend.Spec spec, List<List<ListAppend.Plan>> plans,
      LongUnaryOperator pick) {
    List<Event> events = new ArrayList<>();
    deterministic(target, spec, plans, pick, events::add);
    return new History(events);
  }

  /** Runs on one thread, events to {@code sink}. */
  public static void deterministic(Target target, ListAppend.Spec spec, List<List<ListAppend.Plan>> plans,
      LongUnaryOperator pick, Consumer<Event> sink) {
    flush(target);
    long[] tick = {0};
    Recorder rec = new Recorder(sink, () -> ++tick[0]);
    List<Cursor> live = cursors(target, spec, plans, rec);
    try {
      while (!live.isEmpty()) {
        int i = (int) pick.applyAsLong(live.size());
        Cursor c = live.get(i);
        if (!c.step()) {
          c.conn.close();
          live.remove(i);
        }
      }
    } finally {
      for (Cursor c : live) {
        c.conn.close();
      }
    }
  }

  private static void flush(Target target) {
    try (Connection c = target.connect()) {
      c.call("FLUSHALL");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot empty the keyspace of " + target.name() + ": " + e.getMessage(), e);
    }
  }

  private static List<Cursor> cursors(Target target, ListAppend.Spec spec, List<List<ListAppend.Plan>> plans, Recorder rec) {
    List<Cursor> cursors = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      try {
        cursors.add(new Cursor(i, plans.size(), spec, plans.get(i), target.connect(), rec));
      } catch (IOException e) {
        for (Cursor c : cursors) {
          c.conn.close();
        }
        throw new UncheckedIOException("cannot connect to " + target.name() + ": " + e.getMessage(), e);
      }
    }
    return cursors;
  }

  /** Stamps and forwards events under one lock, so event order and time order agree. */
  private static final class Recorder {
    private final Consumer<Event> sink;
    private final LongSupplier clock;

    Recorder(Consumer<Event> sink, LongSupplier clock) {
      this.sink = sink;
      this.clock = clock;
    }

    synchronized void invoke(int client, Op op) {
      sink.accept(Event.invoke(client, op, clock.getAsLong()));
    }

    synchronized void ok(int client, Op op, Reply reply) {
      sink.accept(Event.ok(client, op, reply, clock.getAsLong()));
    }

    synchronized void fail(int client, Op op) {
      sink.accept(Event.fail(client, op, clock.getAsLong()));
    }

    synchronized void info(int client, Op op) {
      sink.accept(Event.info(client, op, clock.getAsLong()));
    }
  }

  /** One client: its transactions as a sequence of commands, one {@link #step} per command. */
  private static final class Cursor {
    final int client;
    final Connection conn;
    private final ListAppend.Spec spec;
    private final List<ListAppend.Plan> plans;
    private final Recorder rec;
    private final int clients;
    private long seq;
    private int index = -1;
    private Op.Transaction txn;
    private ListAppend.End end;
    private List<List<String>> commands;
    private int next;
    private final List<Reply> reads = new ArrayList<>();
    private boolean dead;

    Cursor(int client, int clients, ListAppend.Spec spec, List<ListAppend.Plan> plans, Connection conn, Recorder rec) {
      this.client = client;
      this.clients = clients;
      this.spec = spec;
      this.plans = plans;
      this.conn = conn;
      this.rec = rec;
    }

    /** Sends the next command; false when this client has nothing more to send. */
    boolean step() {
      if (dead) {
        return false;
      }
      if (txn == null) {
        if (index + 1 >= plans.size()) {
          return false;
        }
        begin(plans.get(++index));
        rec.invoke(client, txn);
      }
      List<String> cmd = commands.get(next++);
      Reply r;
      try {
        r = Replies.fromWire(conn.call(cmd.toArray(String[]::new)));
      } catch (IndeterminateException e) {
        rec.info(client, txn);
        dead = true;
        return false;
      }
      boolean watchedRead = !txn.watch().isEmpty() && next > 1 && next <= 1 + txn.reads().size();
      if (watchedRead) {
        reads.add(r);
      }
      if (next == commands.size()) {
        if (end == ListAppend.End.DISCARD) {
          rec.fail(client, txn);
        } else {
          rec.ok(client, txn, Op.Transaction.reply(reads, r));
        }
        txn = null;
      }
      return true;
    }

    private void begin(ListAppend.Plan p) {
      txn = ListAppend.record(spec, index, p, () -> ++seq * clients + client);
      end = p.end();
      commands = new ArrayList<>();
      if (!txn.watch().isEmpty()) {
        List<String> w = new ArrayList<>();
        w.add("WATCH");
        w.addAll(txn.watch());
        commands.add(w);
        for (Op.Command c : txn.reads()) {
          commands.add(c.argv());
        }
      }
      commands.add(List.of("MULTI"));
      for (Op.Command c : txn.queued()) {
        commands.add(c.argv());
      }
      commands.add(List.of(end == ListAppend.End.DISCARD ? "DISCARD" : "EXEC"));
      next = 0;
      reads.clear();
    }
  }
}
