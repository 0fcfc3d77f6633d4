package dev.txnharness.properties.workload;

import static dev.txnharness.properties.workload.Workloads.send;
import static dev.txnharness.properties.workload.Workloads.txn;
import static dev.txnharness.properties.workload.Workloads.value;
import static dev.txnharness.properties.workload.Workloads.writes;

import dev.txnharness.properties.gen.Choices;
import dev.txnharness.properties.history.Op.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The blocks of issue 13 ("find every transaction bug a server can have"), drawn by
 * {@link Workloads} when {@link Workloads.Spec#coverage} is set, after every other kind:
 *
 * <ul>
 *   <li>writes that may change nothing and so must not touch a watched key (DEL of a missing key,
 *       SADD of a present member, HDEL of a missing field, SREM of a missing member), partial
 *       pops that leave members behind (SPOP [count], LPOP / RPOP [count] on a list or set
 *       filled with three members), and reads that never touch (EXISTS, TOUCH, TYPE, STRLEN,
 *       LLEN, SCARD, HLEN) — alone, or by the watcher itself between its WATCH and EXEC;
 *   <li>chained transactions on one connection: a queue-time error, DISCARD, a new MULTI; a
 *       run-time WRONGTYPE inside EXEC, then another EXEC; EXECABORT, then the next commands; a
 *       nil EXEC (the client touched its own watched key), then a new WATCH / MULTI;
 *   <li>RENAME / RENAMENX / COPY [REPLACE] between the string keys;
 *   <li>several databases: a command in database 1 (SELECT 1 … SELECT 0), a MULTI that selects
 *       database 1 inside (taking effect at EXEC), a WATCH made in database 1 and an EXEC in
 *       database 0, MOVE k 1, COPY … DB 1, and — only without the special blocks, whose reserved
 *       keys must stay in database 0 — SWAPDB 0 1 and FLUSHDB in database 1. Every block leaves
 *       its client in database 0, so the CAS loop and the pair blocks run where they always did;
 *   <li>QUIT and abrupt disconnects ({@link Step.Disconnect}) between WATCH and EXEC and inside
 *       MULTI.
 * </ul>
 */
final class Coverage {
  /** How many kinds of block this class draws from. */
  static final int KINDS = 13;

  private Coverage() {}

  /** Block {@code kind} (0 until {@link #KINDS}) on string key {@code k} of key group {@code g}. */
  static Function<String, List<Step>> block(Choices c, int kind, String k, String g,
      boolean special) {
    switch (kind) {
      case 0: {
        Command w = noOpWrite(c, k, g);
        return u -> send(w);
      }
      case 1: {
        Command p = pop(c, g);
        return u -> send(p);
      }
      case 2: {
        Command f = c.choose(2) == 0 ? Command.of("SADD", g + "s", "m", "n", "o")
            : Command.of("RPUSH", g + "l", "m", "n", "o");
        return u -> send(f);
      }
      case 3: {
        Command r = read(c, k, g);
        return u -> send(r);
      }
      case 4: { // the watcher itself runs a no-op, a pop or a read between WATCH and EXEC
        Command own = switch ((int) c.choose(3)) {
          case 0 -> noOpWrite(c, k, g);
          case 1 -> pop(c, g);
          default -> read(c, k, g);
        };
        String watched = own.arg(1);
        List<Command> w = writes(c, g);
        return u -> txn(List.of(Command.of("WATCH", watched), own, Command.of("MULTI")), w,
            "EXEC");
      }
      case 5:
        return chained(c, k, g);
      case 6: {
        String other = k.endsWith("a") ? g + "b" : g + "a";
        Command r = switch ((int) c.choose(4)) {
          case 0 -> Command.of("RENAME", k, other);
          case 1 -> Command.of("RENAMENX", k, other);
          case 2 -> Command.of("COPY", k, other);
          default -> Command.of("COPY", k, other, "REPLACE");
        };
        return u -> send(r);
      }
      case 7: { // one command in database 1
        Command x = switch ((int) c.choose(3)) {
          case 0 -> Command.of("SET", k, value(c));
          case 1 -> Command.of("INCR", k);
          default -> Command.of("GET", k);
        };
        return u -> sends(Command.of("SELECT", "1"), x, Command.of("SELECT", "0"));
      }
      case 8: { // SELECT inside MULTI is queued: it takes effect at EXEC, between the writes
        List<Command> before = writes(c, g);
        List<Command> after = writes(c, g);
        List<Command> queue = new ArrayList<>(before);
        queue.add(Command.of("SELECT", "1"));
        queue.addAll(after);
        queue.add(Command.of("SELECT", "0"));
        return u -> txn(List.of(Command.of("MULTI")), queue, "EXEC");
      }
      case 9: { // a watch remembers the database it was made in
        List<Command> w = writes(c, g);
        return u -> txn(List.of(Command.of("SELECT", "1"), Command.of("WATCH", k),
            Command.of("SELECT", "0"), Command.of("MULTI")), w, "EXEC");
      }
      case 10: {
        int which = (int) c.choose(special ? 2 : 4);
        boolean replace = c.choose(2) == 1;
        return u -> switch (which) {
          case 0 -> send(Command.of("MOVE", k, "1"));
          case 1 -> send(replace ? Command.of("COPY", k, k, "DB", "1", "REPLACE")
              : Command.of("COPY", k, k, "DB", "1"));
          case 2 -> send(Command.of("SWAPDB", "0", "1"));
          default -> sends(Command.of("SELECT", "1"), Command.of("FLUSHDB"),
              Command.of("SELECT", "0"));
        };
      }
      case 11: { // a disconnect (or QUIT) between WATCH and EXEC drops the watch
        boolean quit = c.choose(2) == 1;
        List<Command> w = writes(c, g);
        return u -> {
          List<Step> s = new ArrayList<>();
          s.add(new Step.Send(Command.of("WATCH", k)));
          s.add(quit ? new Step.Send(Command.of("QUIT")) : new Step.Disconnect());
          s.addAll(txn(List.of(Command.of("MULTI")), w, "EXEC"));
          return s;
        };
      }
      default: { // a disconnect (or QUIT) inside MULTI: nothing of the queue runs
        boolean quit = c.choose(2) == 1;
        boolean watch = c.choose(2) == 1;
        List<Command> w = writes(c, g);
        return u -> {
          List<Step> s = new ArrayList<>();
          if (watch) {
            s.add(new Step.Send(Command.of("WATCH", k)));
          }
          s.add(new Step.Send(Command.of("MULTI")));
          w.forEach(x -> s.add(new Step.Send(x)));
          s.add(quit ? new Step.Send(Command.of("QUIT")) : new Step.Disconnect());
          s.add(new Step.Send(Command.of("GET", k)));
          return s;
        };
      }
    }
  }

  /**
   * Two transactions in a row on one connection, the first ending in DISCARD after a queue-time
   * error, in a run-time WRONGTYPE inside EXEC, in EXECABORT, or in a nil EXEC; the second an
   * optimistic transaction on the same key.
   */
  private static Function<String, List<Step>> chained(Choices c, String k, String g) {
    int which = (int) c.choose(4);
    List<Command> w = writes(c, g);
    String v = value(c);
    List<Command> first = switch (which) {
      case 0 -> List.of(Command.of("MULTI"), Command.of("SET", k), Command.of("DISCARD"));
      // LPOP on a string: WRONGTYPE at run time, the SET before it stays
      case 1 -> List.of(Command.of("MULTI"), Command.of("SET", k, v), Command.of("LPOP", k),
          Command.of("EXEC"));
      case 2 -> List.of(Command.of("MULTI"), Command.of("INCR", k), Command.of("NOSUCHCMD", k),
          Command.of("EXEC"));
      default -> List.of(Command.of("WATCH", k), Command.of("SET", k, v), Command.of("MULTI"),
          Command.of("INCR", k), Command.of("EXEC"));
    };
    return u -> {
      List<Step> s = new ArrayList<>();
      first.forEach(x -> s.add(new Step.Send(x)));
      s.addAll(txn(List.of(Command.of("WATCH", k), Command.of("GET", k), Command.of("MULTI")),
          w, "EXEC"));
      return s;
    };
  }

  /** A write that often changes nothing: DEL, SADD of a member, HDEL, SREM. */
  private static Command noOpWrite(Choices c, String k, String g) {
    String m = c.choose(2) == 0 ? "m" : "z";
    return switch ((int) c.choose(4)) {
      case 0 -> Command.of("DEL", k);
      case 1 -> Command.of("SADD", g + "s", m);
      case 2 -> Command.of("HDEL", g + "h", c.choose(2) == 0 ? "f" : "g");
      default -> Command.of("SREM", g + "s", m);
    };
  }

  /** SPOP [count], LPOP / RPOP [count]. */
  private static Command pop(Choices c, String g) {
    String count = c.choose(2) == 0 ? "1" : "2";
    return switch ((int) c.choose(5)) {
      case 0 -> Command.of("SPOP", g + "s");
      case 1 -> Command.of("SPOP", g + "s", count);
      case 2 -> Command.of("LPOP", g + "l", count);
      case 3 -> Command.of("RPOP", g + "l");
      default -> Command.of("RPOP", g + "l", count);
    };
  }

  /** A read that never touches. */
  private static Command read(Choices c, String k, String g) {
    return switch ((int) c.choose(7)) {
      case 0 -> Command.of("EXISTS", k, g + "s");
      case 1 -> Command.of("TOUCH", k);
      case 2 -> Command.of("TYPE", k);
      case 3 -> Command.of("STRLEN", k);
      case 4 -> Command.of("LLEN", g + "l");
      case 5 -> Command.of("SCARD", g + "s");
      default -> Command.of("HLEN", g + "h");
    };
  }

  private static List<Step> sends(Command... cs) {
    List<Step> s = new ArrayList<>();
    for (Command x : cs) {
      s.add(new Step.Send(x));
    }
    return s;
  }
}
