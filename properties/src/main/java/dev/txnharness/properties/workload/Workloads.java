package dev.txnharness.properties.workload;

import dev.txnharness.properties.gen.Choices;
import dev.txnharness.properties.gen.Gen;
import dev.txnharness.properties.history.Op.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Generators of multi-client {@link Workload}s on the property engine, so everything they make
 * shrinks: the number of clients, each client's steps, keys and values.
 *
 * <p>A client's program is a list of blocks, each drawn from one choice span, so the shrinker can
 * delete a block whole: single commands (GET, SET, INCR, DEL, RPUSH, HSET, SADD, SMEMBERS, WATCH,
 * MULTI, EXEC, DISCARD, UNWATCH), and templates (an optimistic transaction WATCH/GET/MULTI/writes/
 * EXEC; MULTI/writes/EXEC; a transaction ended by DISCARD; a queue-time error inside MULTI; a write
 * to one's own watched key; the CAS-increment loop; the pair write and pair read behind the
 * no-half-applied-EXEC property) — or, without those, FLUSHDB / FLUSHALL; with
 * {@link Spec#expiry}, also {@code SET k v PX ttl}, {@code PEXPIRE k ttl}, clock steps and
 * WATCH k [GET k] clock-step MULTI writes EXEC; with {@link Spec#coverage}, the blocks of
 * {@link Coverage} (issue 13). Keys come from a small space per key group ({@code a b} strings,
 * {@code l} list, {@code h} hash, {@code s} set) to force conflicts; a block uses one group.
 */
public final class Workloads {
  /** The CAS-increment loop's counter; no other block writes it. */
  public static final String COUNTER = "ctr";
  /**
   * The TTL that {@link #onRealTime} gives keys: far longer than any history runs, so on a server
   * whose clock moves by itself no op comes near the moment a key expires, and the model, whose
   * clock moves only at clock steps, is right without knowing the time.
   */
  public static final long REAL_TIME_TTL_MS = 600_000;
  /**
   * The prefix of the keys of the real-time expiry blocks ({@link Spec#onRealTime}): each such key is written by one block
   * of one client only, given its short TTL by one {@code SET k v PX ttl}, and left alone by
   * {@link #onRealTime}.
   */
  public static final String EXPIRING = "t:";
  /** The pair keys: only ever written together, to one value, inside one MULTI/EXEC. */
  public static final String PAIR_A = "p";
  /** See {@link #PAIR_A}. */
  public static final String PAIR_B = "q";

  private Workloads() {}

  /**
   * The shape of generated workloads.
   *
   * @param minClients at least this many clients (2..16 in the properties)
   * @param maxClients at most this many clients
   * @param maxBlocks at most this many blocks per client (a block is one command or a template)
   * @param groups independent key groups (keys {@code gN:a} ...; one group means plain {@code a})
   * @param queueErrors whether queue-time errors (wrong arity, unknown command) are generated
   * @param special whether the CAS loop and the pair blocks are generated
   * @param focus which blocks: all of them, or only those one property is about
   * @param expiry whether expiry blocks are generated (mixed focus only): {@code SET k v PX ttl},
   *     {@code PEXPIRE k ttl}, clock steps ({@link Step.AdvanceClock}) and a WATCH transaction
   *     spanning a clock step. Such workloads run only in deterministic-schedule mode on a
   *     target whose clock the harness controls.
   * @param coverage whether the blocks of issue 13 are generated (mixed focus only; see
   *     {@link Coverage}): no-op writes and removals, partial pops, reads that never touch,
   *     chained transactions on one connection, RENAME / RENAMENX / COPY, several databases
   *     (SELECT, MOVE, COPY ... DB, and SWAPDB without the special blocks), QUIT and disconnects
   * @param realTime whether the clock-step blocks are made for real time instead (real threads):
   *     {@code SET t:u v PX ttl; WATCH t:u; pause; MULTI ... EXEC} on a key no other block names
   */
  public record Spec(int minClients, int maxClients, int maxBlocks, int groups,
      boolean queueErrors, boolean special, Focus focus, boolean expiry, boolean coverage,
      boolean realTime) {

    /** A shape for a target whose clock the harness moves (no real-time expiry blocks). */
    public Spec(int minClients, int maxClients, int maxBlocks, int groups,
        boolean queueErrors, boolean special, Focus focus, boolean expiry, boolean coverage) {
      this(minClients, maxClients, maxBlocks, groups, queueErrors, special, focus, expiry,
          coverage, false);
    }

    /** A shape without expiry blocks. */
    public Spec(int minClients, int maxClients, int maxBlocks, int groups,
        boolean queueErrors, boolean special, Focus focus) {
      this(minClients, maxClients, maxBlocks, groups, queueErrors, special, focus, false);
    }

    /** A shape without the coverage blocks. */
    public Spec(int minClients, int maxClients, int maxBlocks, int groups,
        boolean queueErrors, boolean special, Focus focus, boolean expiry) {
      this(minClients, maxClients, maxBlocks, groups, queueErrors, special, focus, expiry, false);
    }

    /** The default for properties: 2..maxClients clients, up to 8 blocks each, one key group. */
    public static Spec properties(int maxClients) {
      return new Spec(2, maxClients, 8, 1, true, true, Focus.MIXED);
    }

    /** Like {@link #properties} but with FLUSHDB / FLUSHALL instead of the special blocks. */
    public static Spec withFlush(int maxClients) {
      return new Spec(2, maxClients, 8, 1, true, false, Focus.MIXED);
    }

    /** Transactions over {@code groups} independent key groups (no cross-group keys). */
    public static Spec groups(int clients, int maxBlocks, int groups) {
      return new Spec(clients, clients, maxBlocks, groups, false, false, Focus.MIXED);
    }

    /** The same shape with another focus. */
    public Spec focus(Focus f) {
      return new Spec(minClients, maxClients, maxBlocks, groups, queueErrors, special, f, expiry,
          coverage, realTime);
    }

    /** The same shape with expiry blocks (TTLs and clock steps). */
    public Spec withExpiry() {
        return new Spec(minClients, maxClients, maxBlocks, groups, queueErrors, special, focus,
          true, coverage, realTime);
    }

    /**
     * The same shape for real time (real threads, a clock that moves by itself): the clock-step
     * blocks become real-time expiry blocks on {@link Workloads#EXPIRING} keys, which really expire
     * while the history runs (on a target whose clock the harness moves, the pause is a clock step).
     */
    public Spec onRealTime() {
      return new Spec(minClients, maxClients, maxBlocks, groups, queueErrors, special, focus,
          expiry, coverage, true);
    }

    /** The same shape with the coverage blocks of {@link Coverage}. */
    public Spec withCoverage() {
      return new Spec(minClients, maxClients, maxBlocks, groups, queueErrors, special, focus,
          expiry, true, realTime);
    }
  }

  /** Which blocks a workload is made of. */
  public enum Focus {
    /** Every kind of block. */
    MIXED,
    /** Only CAS-increment loops (the counter property). */
    CAS,
    /** Only pair writes and pair reads, and plain writes to other keys (no half-applied EXEC). */
    PAIRS,
    /**
     * Everything on one string key {@code k}: GET, SET, INCR, and WATCH/GET/MULTI/write/EXEC and
     * MULTI/write/EXEC (the hardest input for a checker: nothing splits).
     */
    ONE_KEY
  }

  /** Workloads of the given shape. */
  public static Gen<Workload> workloads(Spec spec) {
    return c -> {
      int n = spec.minClients()
          + (int) c.choose((long) spec.maxClients() - spec.minClients() + 1);
      List<List<Step>> clients = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        c.startSpan();
        clients.add(program(spec, i).draw(c));
        c.endSpan();
      }
      return new Workload(clients);
    };
  }

  /**
   * Workloads with exactly {@code clients} clients of exactly {@code blocks} blocks each (for
   * benchmarks: big seeded histories of a known size).
   */
  public static Gen<Workload> fixed(Spec spec, int clients, int blocks) {
    return c -> {
      List<List<Step>> out = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        // with key groups, client i keeps to group i mod groups: the groups stay independent
        int group = spec.groups() > 1 ? i % spec.groups() : -1;
        List<Function<String, List<Step>>> bs =
            Gen.listOf(block(spec, group), blocks, blocks).draw(c);
        List<Step> steps = new ArrayList<>();
        for (int j = 0; j < bs.size(); j++) {
          steps.addAll(bs.get(j).apply(i + "." + j));
        }
        out.add(steps);
      }
      return new Workload(out);
    };
  }

  /** One client's program: a list of blocks, each expanded with a value unique to it. */
  static Gen<List<Step>> program(Spec spec, int client) {
    Gen<List<Function<String, List<Step>>>> blocks =
        Gen.listOf(block(spec), 0, spec.maxBlocks());
    return c -> {
      List<Function<String, List<Step>>> bs = blocks.draw(c);
      List<Step> steps = new ArrayList<>();
      for (int i = 0; i < bs.size(); i++) {
        steps.addAll(bs.get(i).apply(client + "." + i));
      }
      return steps;
    };
  }

  /** One block; its argument is a value unique in the workload (for the pair write). */
  static Gen<Function<String, List<Step>>> block(Spec spec) {
    return block(spec, -1);
  }

  /** One block, in key group {@code group} (or a drawn one when negative). */
  static Gen<Function<String, List<Step>>> block(Spec spec, int group) {
    // FLUSHDB would reset the reserved keys, so it comes only without the special blocks
    int base = spec.special() ? 20 : spec.groups() <= 1 ? 18 : 17;
    // the expiry and coverage blocks come after the others, so a spec without them draws what it
    // always drew
    int withExpiry = spec.expiry() ? base + 4 : base;
    int kinds = spec.coverage() ? withExpiry + Coverage.KINDS : withExpiry;
    if (spec.focus() == Focus.CAS) {
      return c -> {
        int attempts = 1 + (int) c.choose(4);
        return u -> List.of(new Step.CasIncrement(COUNTER, attempts));
      };
    }
    if (spec.focus() == Focus.PAIRS) {
      return c -> switch ((int) c.choose(3)) {
        case 0 -> u -> pairWrite(u);
        case 1 -> u -> pairRead();
        default -> {
          Command w = Command.of("SET", c.choose(2) == 0 ? "a" : "b", "1");
          yield u -> send(w);
        }
      };
    }
    if (spec.focus() == Focus.ONE_KEY) {
      return c -> {
        Command w = switch ((int) c.choose(2)) {
          case 0 -> Command.of("INCR", "k");
          default -> Command.of("SET", "k", value(c));
        };
        return switch ((int) c.choose(5)) {
          case 0 -> u -> send(Command.of("GET", "k"));
          case 1 -> u -> send(w);
          case 2 -> u -> txn(List.of(Command.of("WATCH", "k"), Command.of("GET", "k"),
              Command.of("MULTI")), List.of(w), "EXEC");
          case 3 -> u -> txn(List.of(Command.of("MULTI")), List.of(w), "EXEC");
          default -> u -> txn(List.of(Command.of("WATCH", "k"), Command.of("MULTI")),
              List.of(w), "EXEC");
        };
      };
    }
    return c -> {
      String g = spec.groups() <= 1 ? ""
          : "g" + (group >= 0 ? group : c.choose(spec.groups())) + ":";
      int kind = (int) c.choose(kinds);
      String k = g + (c.choose(2) == 0 ? "a" : "b");
      if (kind >= withExpiry) {
        return Coverage.block(c, kind - withExpiry, k, g, spec.special());
      }
      if (kind >= base && spec.realTime() && kind - base >= 2) {
        return realTimeExpiryBlock(c, g);
      }
      if (kind >= base) {
        return expiryBlock(c, kind - base, k, g);
      }
      switch (kind) {
        case 0: return u -> send(Command.of("GET", k));
        case 1: return u -> send(Command.of("SET", k, value(c)));
        case 2: return u -> send(Command.of("INCR", k));
        case 3: {
          boolean read = c.choose(2) == 0;
          List<Command> w = writes(c, g);
          List<Command> before = read
              ? List.of(Command.of("WATCH", k), Command.of("GET", k), Command.of("MULTI"))
              : List.of(Command.of("WATCH", k), Command.of("MULTI"));
          return u -> txn(before, w, "EXEC");
        }
        case 4: {
          List<Command> w = writes(c, g);
          return u -> txn(List.of(Command.of("MULTI")), w, "EXEC");
        }
        case 5: {
          List<Command> w = writes(c, g);
          return u -> txn(List.of(Command.of("WATCH", k), Command.of("MULTI")), w, "DISCARD");
        }
        case 6: return u -> send(Command.of("WATCH", k));
        case 7: return u -> send(Command.of("MULTI"));
        case 8: return u -> send(Command.of("EXEC"));
        case 9: return u -> send(Command.of("DISCARD"));
        case 10: return u -> send(Command.of("UNWATCH"));
        case 11: return u -> send(Command.of("DEL", k));
        case 12: return u -> send(typedWrite(c, g));
        case 13: { // a client writes a key it watches: its EXEC must fail (SEMANTICS 15)
          String v = value(c);
          return u -> txn(List.of(Command.of("WATCH", k), Command.of("SET", k, v),
              Command.of("MULTI")), List.of(Command.of("INCR", k)), "EXEC");
        }
        case 14: return u -> send(typedRead(c, g));
        case 15: {
          String v = value(c);
          String mode = c.choose(2) == 0 ? "NX" : "XX";
          return u -> send(Command.of("SET", k, v, mode));
        }
        case 16: {
          if (!spec.queueErrors()) {
            return u -> send(Command.of("GET", k));
          }
          Command bad = c.choose(2) == 0 ? Command.of("SET", k)
              : Command.of("NOSUCHCMD", k);
          List<Command> w = writes(c, g);
          List<Command> queue = new ArrayList<>(w);
          queue.add((int) c.choose(queue.size() + 1), bad);
          return u -> txn(List.of(Command.of("MULTI")), queue, "EXEC");
        }
        case 17: {
          if (!spec.special()) {
            String flush = c.choose(2) == 0 ? "FLUSHDB" : "FLUSHALL";
            return u -> send(Command.of(flush));
          }
          int attempts = 1 + (int) c.choose(4);
          return u -> List.of(new Step.CasIncrement(COUNTER, attempts));
        }
        case 18: return Workloads::pairWrite;
        default: return u -> pairRead();
      }
    };
  }

  /**
   * An expiry block on key {@code k}: {@code SET k v PX ttl}, {@code PEXPIRE k ttl}, a clock
   * step, or an optimistic transaction whose WATCH window spans a clock step
   * ({@code [SET k v PX ttl;] WATCH k; [GET k;] clock; MULTI; writes; EXEC}: if k had a TTL that
   * ran out, its EXEC must fail, SEMANTICS 16). TTLs 100 or 250 ms; steps 150, 50 or 100 ms (a TTL of 100 survives
   * a step of exactly 100: Redis expires a key when now &gt; its time), the first choice being the
   * one that expires a fresh TTL, so counterexamples shrink to one step.
   */
  private static Function<String, List<Step>> expiryBlock(Choices c, int which, String k,
      String g) {
    switch (which) {
      case 0: {
        String v = value(c);
        String ttl = ttl(c);
        return u -> send(Command.of("SET", k, v, "PX", ttl));
      }
      case 1: {
        String ttl = ttl(c);
        return u -> send(Command.of("PEXPIRE", k, ttl));
      }
      case 2: {
        long ms = clockStep(c);
        return u -> List.of(new Step.AdvanceClock(ms));
      }
      default: {
        // half the time the block gives k its TTL first, so the TTL need not come from another block
        boolean ownTtl = c.choose(2) == 0;
        String v = value(c);
        String ttl = ttl(c);
        boolean read = c.choose(2) == 1; // shrinks to no read
        long ms = clockStep(c);
        List<Command> w = writes(c, g);
        return u -> {
          List<Step> s = new ArrayList<>();
          if (ownTtl) {
            s.add(new Step.Send(Command.of("SET", k, v, "PX", ttl)));
          }
          s.add(new Step.Send(Command.of("WATCH", k)));
          if (read) {
            s.add(new Step.Send(Command.of("GET", k)));
          }
          s.add(new Step.AdvanceClock(ms));
          s.addAll(txn(List.of(Command.of("MULTI")), w, "EXEC"));
          return s;
        };
      }
    }
  }

  /**
   * A key that really expires while the history runs (on real time; issue 13):
   * {@code DISCARD; SELECT 0; SET t:u v PX ttl; WATCH t:u; [GET t:u;] pause; MULTI; writes; EXEC;
   * GET t:u} on a key {@code t:u} no other block names. The pause ({@link Step.Pause}) is longer
   * than the TTL, about half of it, or none, so EXEC must answer nil when the watched key expired in
   * between (SEMANTICS 16). DISCARD and SELECT 0 first, so the SET is neither queued nor sent to
   * another database: the runner then knows where and from when the key lives. TTLs 50 to 300 ms.
   */
  private static Function<String, List<Step>> realTimeExpiryBlock(Choices c, String g) {
    String v = value(c);
    long ttl = switch ((int) c.choose(4)) {
      case 0 -> 100;
      case 1 -> 50;
      case 2 -> 200;
      default -> 300;
    };
    long pause = switch ((int) c.choose(3)) {
      case 0 -> ttl + 40; // expires while watched: the first choice, so counterexamples shrink to it
      case 1 -> 0;
      default -> ttl / 2;
    };
    boolean read = c.choose(2) == 1;
    boolean ownWrite = c.choose(2) == 1;
    List<Command> w = writes(c, g);
    return u -> {
      String k = EXPIRING + u;
      List<Step> s = new ArrayList<>();
      s.add(new Step.Send(Command.of("DISCARD")));
      s.add(new Step.Send(Command.of("SELECT", "0")));
      s.add(new Step.Send(Command.of("SET", k, v, "PX", Long.toString(ttl))));
      s.add(new Step.Send(Command.of("WATCH", k)));
      if (read) {
        s.add(new Step.Send(Command.of("GET", k)));
      }
      if (pause > 0) {
        s.add(new Step.Pause(pause));
      }
      List<Command> queue = new ArrayList<>(w);
      if (ownWrite) {
        queue.add(Command.of("INCR", k)); // keeps the TTL (a SET would drop it)
      }
      s.addAll(txn(List.of(Command.of("MULTI")), queue, "EXEC"));
      s.add(new Step.Send(Command.of("GET", k)));
      return s;
    };
  }

  /**
   * The workload made fit for real time (a server whose clock the harness does not move): clock
   * steps dropped, and every TTL of {@code SET k v PX ttl} and {@code PEXPIRE k ttl} set to
   * {@link #REAL_TIME_TTL_MS}. What stays is what TTLs do to transactions without expiring:
   * PEXPIRE touches a watched key, a SET without KEEPTTL drops the TTL, and the WATCH-across-a-step
   * block becomes a plain optimistic transaction.
   */
  public static Workload onRealTime(Workload w) {
    List<List<Step>> out = new ArrayList<>();
    String ttl = Long.toString(REAL_TIME_TTL_MS);
    for (List<Step> steps : w.clients()) {
      List<Step> client = new ArrayList<>();
      for (Step s : steps) {
        if (s instanceof Step.AdvanceClock) {
          continue;
        }
        if (s instanceof Step.Send send) {
          List<String> argv = new ArrayList<>(send.command().argv());
          String name = argv.get(0).toUpperCase(java.util.Locale.ROOT);
          if (name.equals("PEXPIRE") && argv.size() >= 3) {
            argv.set(2, ttl);
          } else if (name.equals("SET") && !argv.get(1).startsWith(EXPIRING)) {
            for (int i = 3; i + 1 < argv.size(); i++) {
              if (argv.get(i).equalsIgnoreCase("PX")) {
                argv.set(i + 1, ttl);
              }
            }
          }
          client.add(new Step.Send(new Command(argv)));
          continue;
        }
        client.add(s);
      }
      out.add(client);
    }
    return new Workload(out);
  }

  private static long clockStep(Choices c) {
    return switch ((int) c.choose(3)) {
      case 0 -> 150;
      case 1 -> 50;
      default -> 100;
    };
  }

  private static String ttl(Choices c) {
    return c.choose(2) == 0 ? "100" : "250";
  }

  private static List<Step> pairWrite(String unique) {
    return txn(List.of(Command.of("MULTI")),
        List.of(Command.of("SET", PAIR_A, unique), Command.of("SET", PAIR_B, unique)), "EXEC");
  }

  private static List<Step> pairRead() {
    return txn(List.of(Command.of("MULTI")),
        List.of(Command.of("GET", PAIR_A), Command.of("GET", PAIR_B)), "EXEC");
  }

  static String value(Choices c) {
    return switch ((int) c.choose(3)) {
      case 0 -> "1";
      case 1 -> "2";
      default -> "x";
    };
  }

  /** Up to two writes on the group's keys (usually one or two; none shrinks best). */
  static List<Command> writes(Choices c, String g) {
    List<Command> w = new ArrayList<>();
    int n = (int) c.choose(3);
    for (int i = 0; i < n; i++) {
      String k = g + (c.choose(2) == 0 ? "a" : "b");
      switch ((int) c.choose(4)) {
        case 0 -> w.add(Command.of("INCR", k));
        case 1 -> w.add(Command.of("SET", k, value(c)));
        case 2 -> w.add(Command.of("DEL", k));
        default -> w.add(typedWrite(c, g));
      }
    }
    return w;
  }

  static Command typedWrite(Choices c, String g) {
    String m = c.choose(2) == 0 ? "m" : "n";
    return switch ((int) c.choose(3)) {
      case 0 -> Command.of("RPUSH", g + "l", m);
      case 1 -> Command.of("HSET", g + "h", "f", m);
      default -> Command.of("SADD", g + "s", m);
    };
  }

  static Command typedRead(Choices c, String g) {
    return switch ((int) c.choose(3)) {
      case 0 -> Command.of("LRANGE", g + "l", "0", "-1");
      case 1 -> Command.of("HGET", g + "h", "f");
      default -> Command.of("SMEMBERS", g + "s");
    };
  }

  static List<Step> send(Command c) {
    return List.of(new Step.Send(c));
  }

  static List<Step> txn(List<Command> before, List<Command> queue, String end) {
    List<Step> s = new ArrayList<>();
    before.forEach(x -> s.add(new Step.Send(x)));
    queue.forEach(x -> s.add(new Step.Send(x)));
    s.add(new Step.Send(Command.of(end)));
    return s;
  }
}
