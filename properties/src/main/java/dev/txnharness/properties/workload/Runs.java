package dev.txnharness.properties.workload;

import dev.txnharness.properties.history.Call;
import dev.txnharness.properties.history.Event;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.HistoryRecorder;
import dev.txnharness.properties.history.Op.Command;
import dev.txnharness.properties.history.Replies;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.model.RedisCommands;
import dev.txnharness.properties.target.Connection;
import dev.txnharness.properties.target.IndeterminateException;
import dev.txnharness.properties.target.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import dev.txnharness.properties.gen.Choices;
import dev.txnharness.properties.gen.Gen;
import java.util.function.Supplier;

/**
 * Runs a {@link Workload} on a {@link dev.txnharness.properties.target.Target} and records a
 * {@link History}, in one of two modes.
 *
 * <ul>
 *   <li>{@link #deterministic}: one thread sends every client's commands one at a time; which client
 *       goes next is drawn from the example's {@link Choices}, so the interleaving is part of the
 *       example and shrinks with it (towards "client 0 first"). On the in-process engine the run is
 *       a pure function of the choices. Optionally each op's recorded interval is widened around
 *       the moment it ran (also drawn from the choices), which gives the checker concurrent
 *       histories whose truth is known.
 *   <li>{@link #threaded}: one thread and one connection per client, started together; times are
 *       {@link System#nanoTime()} around each call. Works on any target.
 * </ul>
 *
 * <p>Contract, both modes: the target's keyspace is emptied first (FLUSHALL, not recorded); each
 * command is one op: invoke, then ok with the reply (a Redis error is a reply), or info when the
 * reply never came ({@link IndeterminateException}) — never fail; after an info the client stops,
 * since its session state is unknown. Then an observer client reads the reserved keys the workload
 * used ({@link Workloads#COUNTER}, the pair keys). A target that cannot be reached throws.
 *
 * <p>Time: a workload with TTLs or clock steps ({@link Workload#usesExpiry}) runs only in
 * deterministic mode on a target that {@link Target#controlsClock controls its clock}; each
 * {@link Step.AdvanceClock} moves that clock between two commands and is recorded as a clock-step
 * op ({@link RedisCommands#advanceClock}), so the checker's model clock moves exactly there.
 * Threaded runs refuse such workloads.
 */
public final class Runs {
  private Runs() {}

  /**
   * A generator of deterministic-schedule runs: draws a workload, then runs it on a fresh target
   * from {@code targets} (closed after), drawing the schedule from the same choices, so shrinking
   * the example shrinks the workload and the interleaving together.
   */
  public static Gen<Execution> deterministicRuns(Supplier<? extends Target> targets,
      Gen<Workload> workloads, int overlap) {
    return c -> {
      Workload w = workloads.draw(c);
      try (Target t = targets.get()) {
        return deterministic(t, w, c, overlap);
      }
    };
  }

  /** Deterministic-schedule mode with non-overlapping intervals. */
  public static Execution deterministic(Target target, Workload w, Choices schedule) {
    return deterministic(target, w, schedule, 0);
  }

  /**
   * Deterministic-schedule mode. {@code overlap} &gt; 0 widens each op's interval by up to that many
   * steps on each side (never before its client's previous op returned), drawn from the choices.
   */
  public static Execution deterministic(Target target, Workload w, Choices schedule, int overlap) {
    if (w.usesExpiry() && !target.controlsClock()) {
      throw new IllegalArgumentException("a workload with TTLs or clock steps needs a target whose"
          + " clock the harness controls; " + target.name() + " runs on real time");
    }
    flushAll(target);
    int n = w.size();
    List<ClientProgram> programs = new ArrayList<>();
    List<Connection> conns = new ArrayList<>();
    List<Event> events = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        programs.add(new ClientProgram(w.clients().get(i)));
        conns.add(connect(target));
      }
      Command[] next = new Command[n];
      List<Integer> active = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        next[i] = programs.get(i).next(null);
        if (next[i] != null) {
          active.add(i);
        }
      }
      long[] lastReturn = new long[n];
      long lastPoint = 0;
      while (!active.isEmpty()) {
        schedule.startSpan();
        int slot = active.size() == 1 ? 0 : (int) schedule.choose(active.size());
        int client = active.get(slot);
        long point = Math.max(lastPoint + 4, lastReturn[client] + 2);
        long invoke = point - 1;
        long ret = point + 1;
        if (overlap > 0) {
          invoke = Math.max(lastReturn[client] + 1, point - 1 - 4 * schedule.choose(overlap + 1));
          ret = point + 1 + 4 * schedule.choose(overlap + 1);
        }
        schedule.endSpan();
        lastPoint = point;
        Command cmd = next[client];
        if (cmd.name().equals(ClientProgram.PAUSE)) {
          if (!target.controlsClock()) {
            pause(cmd); // real time: the client waits; nothing is sent or recorded
            next[client] = programs.get(client).next(Reply.OK);
            if (next[client] == null) {
              active.remove(slot);
            }
            continue;
          }
          cmd = RedisCommands.advanceClock(pauseMillis(cmd));
        }
        events.add(Event.invoke(client, cmd, invoke));
        Reply reply;
        if (RedisCommands.isClock(cmd)) {
          // the harness moves the clock here, between two commands: recorded as an op at this point
          target.advanceClock(RedisCommands.clockMillis(cmd));
          events.add(Event.ok(client, cmd, Reply.OK, ret));
          lastReturn[client] = ret;
          next[client] = programs.get(client).next(Reply.OK);
          if (next[client] == null) {
            active.remove(slot);
          }
          continue;
        }
        try {
          reply = call(target, conns, client, cmd);
        } catch (IndeterminateException e) {
          events.add(Event.info(client, cmd, ret));
          programs.get(client).unknownOutcome();
          active.remove(slot);
          lastReturn[client] = ret;
          continue;
        }
        events.add(Event.ok(client, cmd, reply, ret));
        lastReturn[client] = ret;
        next[client] = programs.get(client).next(reply);
        if (next[client] == null) {
          active.remove(slot);
        }
      }
      long t = lastPoint;
      for (long r : lastReturn) {
        t = Math.max(t, r);
      }
      events.sort(Comparator.comparingLong(Event::nanos));
      long[] clock = {t + 10};
      HistoryRecorder observer = new HistoryRecorder(() -> clock[0]++);
      finalReads(target, w, n, observer);
      events.addAll(observer.history().events());
    } finally {
      conns.forEach(Connection::close);
    }
    return execution(target, overlap > 0 ? "deterministic (overlap " + overlap + ")"
        : "deterministic", w, new History(events), programs);
  }

  /** Real-threads mode: one thread and one connection per client. */
  public static Execution threaded(Target target, Workload w) {
    Execution e = threadedRun(target, w);
    return target.controlsClock() ? e : withExpiries(e, EXPIRY_MARGIN_MS);
  }

  /**
   * How far, each way, a key's real expiry may fall outside [SET's invoke + ttl, SET's return +
   * ttl] on the recording's clock: Redis truncates its time to milliseconds and, inside a command,
   * reads a time cached when the command began; the client's and the server's clocks tick at rates
   * that differ by far less over a 300 ms TTL. Generous, since a wider window only lets the checker
   * accept both outcomes for more ops.
   */
  public static final long EXPIRY_MARGIN_MS = 25;

  /**
   * The execution with one expiry op ({@link RedisCommands#expiry}) per answered
   * {@code SET t:k v PX ttl} on a {@link Workloads#EXPIRING} key, on a client of its own (ids after
   * the observer), invoked at the SET's invoke + ttl - margin and returning at the SET's return +
   * ttl + margin: the checker may place the expiry anywhere in that window, and the key really
   * expired inside it. A SET whose reply never came gets an expiry whose outcome is unknown (it may
   * or may not happen), and a SET answered otherwise than OK (an error) none.
   */
  public static Execution withExpiries(Execution e, long marginMillis) {
    List<Event> events = new ArrayList<>(e.history().events());
    int client = e.observer() + 1;
    long margin = marginMillis * 1_000_000L;
    for (Call c : e.history().calls()) {
      long ttl = c.client() < e.observer() ? expiringTtl(c) : -1;
      if (ttl < 0 || (c.reply() != null && !Reply.OK.equals(c.reply()))) {
        continue;
      }
      Command x = RedisCommands.expiry(((Command) c.op()).arg(1));
      long from = c.invokeNanos() + ttl * 1_000_000L - margin;
      events.add(Event.invoke(client, x, from));
      if (c.reply() != null) {
        events.add(Event.ok(client, x, Reply.OK, c.returnNanos() + ttl * 1_000_000L + margin));
      }
      client++;
    }
    if (client == e.observer() + 1) {
      return e;
    }
    events.sort(Comparator.comparingLong(Event::nanos));
    return new Execution(e.target(), e.mode(), e.workload(), new History(events), e.observer(),
        e.casCommitted(), e.casUnknown());
  }

  /** The TTL of {@code SET t:k v PX ttl} on an {@link Workloads#EXPIRING} key, or -1. */
  private static long expiringTtl(Call c) {
    if (!(c.op() instanceof Command cmd) || !cmd.name().equals("SET") || cmd.argc() != 5
        || !cmd.arg(1).startsWith(Workloads.EXPIRING) || !cmd.arg(3).equalsIgnoreCase("PX")) {
      return -1;
    }
    return Long.parseLong(cmd.arg(4));
  }

  private static long pauseMillis(Command pause) {
    return Long.parseLong(pause.arg(1));
  }

  /** A client's pause on real time (the workload's own wait, not a wait for a condition). */
  private static void pause(Command pause) {
    try {
      Thread.sleep(pauseMillis(pause));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Execution threadedRun(Target target, Workload w) {
    if (w.usesExpiry()) {
      // real time moves while threads run, and a clock step cannot be placed between commands
      throw new IllegalArgumentException("a workload with TTLs or clock steps runs only in"
          + " deterministic-schedule mode (Runs.deterministic) on a target with a controlled clock");
    }
    flushAll(target);
    int n = w.size();
    HistoryRecorder rec = new HistoryRecorder();
    List<ClientProgram> programs = new ArrayList<>();
    List<Connection> conns = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        programs.add(new ClientProgram(w.clients().get(i)));
        conns.add(connect(target));
      }
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      Throwable[] crash = new Throwable[1];
      for (int i = 0; i < n; i++) {
        int client = i;
        Thread th = new Thread(() -> {
          try {
            start.await();
            runClient(client, programs.get(client), conns, target, rec);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (Throwable e) {
            synchronized (crash) {
              crash[0] = e;
            }
          }
        }, "workload-client-" + i);
        threads.add(th);
        th.start();
      }
      start.countDown();
      for (Thread th : threads) {
        th.join();
      }
      if (crash[0] != null) {
        throw new IllegalStateException("a client thread crashed: " + crash[0], crash[0]);
      }
      finalReads(target, w, n, rec);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      conns.forEach(Connection::close);
    }
    return execution(target, "threaded", w, rec.history(), programs);
  }

  /**
   * Sends {@code cmd} on {@code client}'s connection, or carries out the disconnect: closes the
   * connection and opens a new one (reply OK, recorded, never sent). After QUIT (the server
   * answers, then closes) the client also gets a new connection for its next command.
   */
  private static Reply call(Target target, List<Connection> conns, int client, Command cmd)
      throws IndeterminateException {
    boolean disconnect = cmd.name().equals(RedisCommands.DISCONNECT);
    Reply r = disconnect ? Reply.OK : Replies.fromWire(conns.get(client).call(argv(cmd)));
    if (disconnect || (cmd.name().equals("QUIT") && Reply.OK.equals(r))) {
      conns.get(client).close();
      conns.set(client, connect(target));
    }
    return r;
  }

  private static void runClient(int client, ClientProgram p, List<Connection> conns,
      Target target, HistoryRecorder rec) {
    Reply last = null;
    Command cmd;
    while ((cmd = p.next(last)) != null) {
      if (cmd.name().equals(ClientProgram.PAUSE)) {
        last = Reply.OK;
        if (!target.controlsClock()) {
          pause(cmd);
          if (Thread.currentThread().isInterrupted()) {
            return;
          }
          continue;
        }
        // the engine's clock moves only when the harness moves it: the pause is a clock step
        Command clock = RedisCommands.advanceClock(pauseMillis(cmd));
        rec.invoke(client, clock);
        target.advanceClock(pauseMillis(cmd));
        rec.ok(client, clock, Reply.OK);
        continue;
      }
      rec.invoke(client, cmd);
      try {
        last = call(target, conns, client, cmd);
      } catch (IndeterminateException e) {
        rec.info(client, cmd);
        p.unknownOutcome();
        return;
      }
      rec.ok(client, cmd, last);
    }
  }

  private static Execution execution(Target target, String mode, Workload w, History h,
      List<ClientProgram> programs) {
    int committed = 0;
    int unknown = 0;
    for (ClientProgram p : programs) {
      committed += p.casCommitted();
      unknown += p.casUnknown();
    }
    return new Execution(target.name(), mode, w, h, w.size(), committed, unknown);
  }

  /** The observer reads the reserved keys the workload used. */
  private static void finalReads(Target target, Workload w, int observer, HistoryRecorder rec) {
    List<String> keys = new ArrayList<>();
    boolean cas = false;
    boolean pairs = false;
    for (List<Step> steps : w.clients()) {
      for (Step s : steps) {
        cas |= s instanceof Step.CasIncrement;
        pairs |= s instanceof Step.Send send && send.command().argc() > 1
            && send.command().arg(1).equals(Workloads.PAIR_A);
      }
    }
    if (cas) {
      keys.add(Workloads.COUNTER);
    }
    if (pairs) {
      keys.add(Workloads.PAIR_A);
      keys.add(Workloads.PAIR_B);
    }
    if (keys.isEmpty()) {
      return;
    }
    try (Connection c = connect(target)) {
      for (String k : keys) {
        Command get = Command.of("GET", k);
        rec.invoke(observer, get);
        try {
          rec.ok(observer, get, Replies.fromWire(c.call(argv(get))));
        } catch (IndeterminateException e) {
          rec.info(observer, get);
          return;
        }
      }
    }
  }

  private static void flushAll(Target target) {
    try (Connection c = connect(target)) {
      dev.txnharness.engine.protocol.Reply r = c.call("FLUSHALL");
      if (r.isError()) {
        throw new IllegalStateException(target.name() + " refused FLUSHALL: " + r);
      }
    } catch (IndeterminateException e) {
      throw new IllegalStateException(target.name() + " did not answer FLUSHALL: "
          + e.getMessage(), e);
    }
  }

  private static Connection connect(Target target) {
    try {
      return target.connect();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to " + target.name() + " ("
          + target.version() + "): " + e.getMessage(), e);
    }
  }

  private static String[] argv(Command c) {
    return c.argv().toArray(String[]::new);
  }
}
