package dev.txnharness.properties.history;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a client asked for: one Redis command, or a whole optimistic transaction.
 *
 * <p>Contract: immutable, compared by value. A {@link Transaction} is recorded as one op so that a
 * checker sees the whole window from the WATCH to the EXEC; its reply is described by
 * {@link Transaction#reply}.
 */
public sealed interface Op {

  /**
   * One command, e.g. {@code ["SET", "k", "v"]}. The name is case-insensitive; {@link #name} is
   * it in upper case, kept once (the checker asks for it in its inner loop).
   */
  record Command(List<String> argv, String name) implements Op {
    public Command {
      argv = List.copyOf(argv);
      if (argv.isEmpty()) {
        throw new IllegalArgumentException("a command needs at least a name");
      }
      name = argv.get(0).toUpperCase(Locale.ROOT);
    }

    /** A command from its words. */
    public Command(List<String> argv) {
      this(argv, null);
    }

    /** A command from its words. */
    public static Command of(String... argv) {
      return new Command(List.of(argv));
    }

    /** The argument at {@code i} (0 is the name). */
    public String arg(int i) {
      return argv.get(i);
    }

    /** The number of words including the name. */
    public int argc() {
      return argv.size();
    }

    @Override
    public String toString() {
      return String.join(" ", argv);
    }
  }

  /**
   * A MULTI block as the checker searches it: {@code MULTI}, every command sent inside it (in
   * order, including any rejected at queue time) and the {@code end} that closed it ({@code EXEC}
   * or {@code DISCARD}), taken as one op at the end's interval, which is where the server runs
   * it. Never recorded: the checker builds it from a per-command history (the replies to MULTI
   * and to each command inside it depend on that connection alone, so they are checked there and
   * not searched). Its reply is the end's reply.
   */
  record Multi(List<Command> inside, Command end) implements Op {
    public Multi {
      inside = List.copyOf(inside);
      Objects.requireNonNull(end, "end");
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("MULTI; ");
      for (Command c : inside) {
        sb.append(c).append("; ");
      }
      return sb.append(end).toString();
    }
  }

  /**
   * One optimistic transaction: {@code WATCH watch...}, then the {@code reads} (each on watched
   * keys only), then {@code MULTI}, the {@code queued} commands and {@code EXEC}. With no WATCH,
   * {@code watch} and {@code reads} are empty and the op spans MULTI to EXEC.
   *
   * <p>Its reply is {@code [[reply of each read...], reply of EXEC]}: see {@link #reply}.
   */
  record Transaction(List<String> watch, List<Command> reads, List<Command> queued)
      implements Op {
    public Transaction {
      watch = List.copyOf(watch);
      reads = List.copyOf(reads);
      queued = List.copyOf(queued);
      if (watch.isEmpty() && !reads.isEmpty()) {
        throw new IllegalArgumentException("reads inside a transaction record need a WATCH");
      }
    }

    /** The reply a transaction record carries: the read replies, then EXEC's reply. */
    public static Reply reply(List<Reply> readReplies, Reply exec) {
      Objects.requireNonNull(exec, "exec");
      return Reply.array(List.of(Reply.array(readReplies), exec));
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      if (!watch.isEmpty()) {
        sb.append("WATCH ").append(String.join(" ", watch)).append("; ");
      }
      for (Command r : reads) {
        sb.append(r).append("; ");
      }
      sb.append("MULTI; ");
      for (Command q : queued) {
        sb.append(q).append("; ");
      }
      return sb.append("EXEC").toString();
    }
  }
}
