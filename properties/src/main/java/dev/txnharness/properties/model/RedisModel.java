package dev.txnharness.properties.model;

import dev.txnharness.properties.history.Call;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.history.Op.Command;
import dev.txnharness.properties.history.Reply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The sequential specification of Redis 7.0 for the commands the workloads use, with per-client
 * WATCH / MULTI / EXEC / DISCARD / UNWATCH (shared/SEMANTICS.md rules 1-9, 11, 14, 15, 19),
 * FLUSHDB / FLUSHALL touching the watched keys that exist (rule 18; one database), and expiry
 * (rules 16, 17) against a model clock that moves only at the harness's recorded clock steps
 * ({@link RedisCommands#advanceClock}; see {@link RedisState}).
 *
 * <p>Expiry and WATCH (Redis 7.0, isWatchedKeyExpired): a watched key that was alive at WATCH and
 * is logically expired at EXEC makes EXEC answer nil; a key already expired at WATCH does not
 * abort by itself (its later deletion is no change), but a new write to it does. The model gets
 * this by treating the expiry of a live key, at the clock step that passes its TTL, as a touch of
 * that key: whoever watches it then watched it alive. A key already expired at WATCH is simply
 * missing here, so only a later write touches it. Once a live watched key has expired, Redis's
 * EXEC fails whatever happens in between (deleted lazily, actively, or not at all; rewritten —
 * itself a touch), so the two agree.
 *
 * <p>Two kinds of op:
 *
 * <ul>
 *   <li>a {@link Command} of one client: exact. The client's {@link RedisSession} is part of the
 *       state, so WATCH takes its snapshot at its own linearization point and any later write
 *       that touches a watched key (by any client, including the watcher outside its MULTI) makes
 *       EXEC answer nil; MULTI queues, EXEC runs the queue atomically at its own point.
 *   <li>a {@link Op.Transaction} record spanning WATCH invoke to EXEC return: checked as one
 *       atomic op at EXEC's linearization point. Sound for a committed EXEC (no watched key
 *       changed between WATCH and EXEC, so the reads of watched keys see the values at EXEC);
 *       an aborted one (nil, EXECABORT) has no effect and its reads are not checked, since one
 *       point cannot witness the touching write. See docs/CHECKER.md.
 * </ul>
 *
 * Outputs are {@link Reply}s ({@code null} = unknown outcome). SMEMBERS is compared as a set.
 */
public final class RedisModel implements Model<RedisState, RedisInput, Reply> {

  private static final String EXECABORT_PREVIOUS =
      "EXECABORT Transaction discarded because of previous errors.";

  /** What an op does in a state: the next state, or null and the reason in words. */
  private record Result(RedisState next, String reason) {
    static Result ok(RedisState next) {
      return new Result(next, null);
    }

    static Result no(String reason) {
      return new Result(null, reason);
    }
  }

  @Override
  public RedisState init() {
    return RedisState.EMPTY;
  }

  @Override
  public RedisState step(RedisState state, RedisInput in, Reply out) {
    return evaluate(state, in, out).next();
  }

  @Override
  public String explain(RedisState state, RedisInput in, Reply out) {
    String reason = evaluate(state, in, out).reason();
    return reason == null ? describeOp(in, out) + " is possible here" : reason;
  }

  @Override
  public boolean readOnly(RedisInput in, Reply out) {
    // Outside MULTI a read answers a value and changes nothing; inside it answers QUEUED.
    return in.op() instanceof Command c && RedisCommands.readOnly(c)
        && !(out instanceof Reply.Error) && !Reply.QUEUED.equals(out);
  }

  @Override
  public String describeOp(RedisInput in, Reply out) {
    return "client " + in.client() + ": " + in.op() + " -> " + (out == null ? "?" : out);
  }

  private Result evaluate(RedisState s, RedisInput in, Reply out) {
    if (in.op() instanceof Command c) {
      return command(s, in.client(), c, out);
    }
    return transaction(s, in.client(), (Op.Transaction) in.op(), out);
  }

  // ---- one command of one client ----------------------------------------------------------

  /** The reply Redis gives to {@code client}'s command {@code c} in state {@code s}. */
  public Reply expectedReply(RedisState s, int client, Command c) {
    return commandStep(s, client, c).reply();
  }

  /** The state after {@code client}'s command {@code c} in state {@code s}. */
  public RedisState nextState(RedisState s, int client, Command c) {
    return commandStep(s, client, c).next();
  }

  /** A command's reply and next state; {@code execQueue} is set for a committed EXEC. */
  private record CommandStep(Reply reply, RedisState next, List<Command> execQueue) {}

  private Result command(RedisState s, int client, Command c, Reply out) {
    CommandStep st = commandStep(s, client, c);
    Reply reply = st.reply();
    if (st.execQueue() != null) {
      reply = normalizeItems(st.execQueue(), reply);
      out = normalizeItems(st.execQueue(), out);
    }
    return compare(c, reply, out, st.next(), s);
  }

  private CommandStep commandStep(RedisState s, int client, Command c) {
    List<Command> execQueue = null;
    if (RedisCommands.isClock(c)) {
      // the harness moved the clock: not a client command, no session is involved
      return new CommandStep(Reply.OK, s.advance(RedisCommands.clockMillis(c)), null);
    }
    RedisSession ss = s.session(client);
    String name = c.name();
    String reject = RedisCommands.rejectAtQueueTime(c);
    Reply reply;
    RedisState next;
    if (ss.multi()) {
      if (name.equals("EXEC")) {
        if (reject != null) {
          reply = Reply.error("EXECABORT Transaction discarded because of: "
              + reject.substring("ERR ".length()));
          next = s.withSession(client, RedisSession.IDLE);
        } else if (ss.dirtyExec()) {
          reply = Reply.error(EXECABORT_PREVIOUS);
          next = s.withSession(client, RedisSession.IDLE);
        } else if (ss.dirtyCas()) {
          reply = Reply.NIL_ARRAY;
          next = s.withSession(client, RedisSession.IDLE);
        } else {
          List<Reply> replies = new ArrayList<>();
          next = runQueue(s.withSession(client, RedisSession.IDLE), ss.queue(), replies);
          reply = Reply.array(replies);
          execQueue = ss.queue();
        }
      } else if (reject != null) {
        reply = Reply.error(reject);
        next = s.withSession(client, ss.flagExec());
      } else if (name.equals("DISCARD")) {
        reply = Reply.OK;
        next = s.withSession(client, RedisSession.IDLE);
      } else if (name.equals("MULTI")) {
        reply = Reply.error("ERR MULTI calls can not be nested");
        next = s;
      } else if (name.equals("WATCH")) {
        reply = Reply.error("ERR WATCH inside MULTI is not allowed");
        next = s;
      } else {
        reply = Reply.QUEUED;
        next = s.withSession(client, ss.queue(c));
      }
    } else if (reject != null) {
      reply = Reply.error(reject);
      next = s;
    } else {
      switch (name) {
        case "WATCH":
          reply = Reply.OK;
          next = s.withSession(client, ss.watch(c.argv().subList(1, c.argc())));
          break;
        case "UNWATCH":
          reply = Reply.OK;
          next = s.withSession(client, RedisSession.IDLE);
          break;
        case "MULTI":
          reply = Reply.OK;
          next = s.withSession(client, ss.beginMulti());
          break;
        case "EXEC":
          reply = Reply.error("ERR EXEC without MULTI");
          next = s;
          break;
        case "DISCARD":
          reply = Reply.error("ERR DISCARD without MULTI");
          next = s;
          break;
        default: {
          TreeMap<String, Object> ks = new TreeMap<>(s.keyspace());
          TreeMap<String, Long> ttls = new TreeMap<>(s.ttls());
          RedisCommands.Effect e = RedisCommands.apply(ks, ttls, c);
          reply = e.reply();
          next = e.touched().isEmpty() && ks.equals(s.keyspace()) && ttls.equals(s.ttls()) ? s
              : s.withKeyspace(ks, ttls, e.touched());
        }
      }
    }
    return new CommandStep(reply, next, execQueue);
  }

  private static RedisState runQueue(RedisState s, List<Command> queue, List<Reply> replies) {
    TreeMap<String, Object> ks = new TreeMap<>(s.keyspace());
    TreeMap<String, Long> ttls = new TreeMap<>(s.ttls());
    Set<String> touched = new java.util.TreeSet<>();
    for (Command q : queue) {
      if (q.name().equals("UNWATCH")) {
        replies.add(Reply.OK); // EXEC already unwatched everything
        continue;
      }
      RedisCommands.Effect e = RedisCommands.apply(ks, ttls, q);
      replies.add(e.reply());
      touched.addAll(e.touched());
    }
    return s.withKeyspace(ks, ttls, touched);
  }

  private Result compare(Command c, Reply expected, Reply out, RedisState next, RedisState s) {
    if (out == null || sameReply(c, expected, out)) {
      return Result.ok(next);
    }
    return Result.no(c + " answered " + out + " but Redis would answer " + expected
        + " in state " + s);
  }

  private static boolean sameReply(Command c, Reply expected, Reply out) {
    return RedisCommands.normalize(c, expected).equals(RedisCommands.normalize(c, out));
  }

  /** EXEC's array with each item normalized for its queued command (SMEMBERS sorted). */
  private static Reply normalizeItems(List<Command> queue, Reply r) {
    if (!(r instanceof Reply.Array a) || a.items().size() != queue.size()) {
      return r;
    }
    List<Reply> items = new ArrayList<>();
    for (int i = 0; i < queue.size(); i++) {
      items.add(RedisCommands.normalize(queue.get(i), a.items().get(i)));
    }
    return Reply.array(items);
  }

  // ---- a whole transaction record -------------------------------------------------------

  private Result transaction(RedisState s, int client, Op.Transaction t, Reply out) {
    if (!s.session(client).equals(RedisSession.IDLE)) {
      return Result.no("client " + client + " sent a transaction while its session was "
          + s.session(client));
    }
    boolean queueError = false;
    for (Command q : t.queued()) {
      if (RedisCommands.rejectAtQueueTime(q) != null) {
        queueError = true;
      } else if (Set.of("WATCH", "MULTI", "EXEC", "DISCARD").contains(q.name())
          || RedisCommands.isClock(q)) {
        throw new IllegalArgumentException("a transaction record cannot queue " + q.name());
      }
    }
    if (out == null) {
      return Result.ok(queueError ? s : runQueue(s, t.queued(), new ArrayList<>()));
    }
    if (!(out instanceof Reply.Array a) || a.items().size() != 2
        || !(a.items().get(0) instanceof Reply.Array reads)
        || reads.items().size() != t.reads().size()) {
      return Result.no("a transaction's reply must be [[read replies], EXEC reply]: " + out);
    }
    Reply exec = a.items().get(1);
    if (exec instanceof Reply.Error e && e.message().equals(EXECABORT_PREVIOUS)) {
      return queueError ? Result.ok(s)
          : Result.no("EXEC answered EXECABORT but no queued command was rejected");
    }
    if (queueError) {
      return Result.no("a queued command was rejected, so EXEC must answer EXECABORT, not "
          + exec);
    }
    if (exec instanceof Reply.NullArray) {
      return t.watch().isEmpty() ? Result.no("EXEC answered nil but nothing was watched")
          : Result.ok(s);
    }
    if (!(exec instanceof Reply.Array execItems)) {
      return Result.no("EXEC answered " + exec);
    }
    TreeMap<String, Object> ks = new TreeMap<>(s.keyspace());
    for (int i = 0; i < t.reads().size(); i++) {
      Command r = t.reads().get(i);
      if (!RedisCommands.readOnly(r) || !t.watch().containsAll(RedisCommands.keys(r))) {
        continue; // only reads of watched keys are pinned to the EXEC point
      }
      Reply expected = RedisCommands.apply(new TreeMap<>(ks), r).reply();
      Reply got = reads.items().get(i);
      if (!RedisCommands.normalize(r, expected).equals(RedisCommands.normalize(r, got))) {
        return Result.no("the transaction read " + r + " -> " + got + " but the committed EXEC"
            + " implies it saw " + expected + " (state " + s + ")");
      }
    }
    List<Reply> replies = new ArrayList<>();
    RedisState next = runQueue(s, t.queued(), replies);
    if (replies.size() != execItems.items().size()) {
      return Result.no("EXEC answered " + execItems.items().size() + " replies for "
          + t.queued().size() + " queued commands");
    }
    for (int i = 0; i < replies.size(); i++) {
      Command q = t.queued().get(i);
      if (!RedisCommands.normalize(q, replies.get(i))
          .equals(RedisCommands.normalize(q, execItems.items().get(i)))) {
        return Result.no("inside EXEC, " + q + " answered " + execItems.items().get(i)
            + " but Redis would answer " + replies.get(i) + " in state " + s);
      }
    }
    return Result.ok(next);
  }

  // ---- partitioning ------------------------------------------------------------------------

  /**
   * Splits by key where sound: ops are joined when they name a common key, and all ops of one
   * client's WATCH/MULTI session (from its first WATCH or MULTI to EXEC, DISCARD or UNWATCH) are
   * joined, so a session and every write that could touch its watched keys stay together. A
   * history with a command this model does not know is not split.
   */
  @Override
  public List<List<Operation<RedisInput, Reply>>> partition(
      List<Operation<RedisInput, Reply>> ops) {
    UnionFind uf = new UnionFind();
    Map<Integer, String> openSession = new HashMap<>();
    Map<Integer, Boolean> inMulti = new HashMap<>();
    List<String> nodeOf = new ArrayList<>();
    List<Operation<RedisInput, Reply>> byCall = new ArrayList<>(ops);
    byCall.sort(java.util.Comparator.comparingLong(Operation::call));
    int sessions = 0;
    for (Operation<RedisInput, Reply> op : byCall) {
      int client = op.input().client();
      Op o = op.input().op();
      List<String> keys = new ArrayList<>();
      String name = null;
      if (o instanceof Command c) {
        if (!RedisCommands.known(c.name()) || RedisCommands.global(c)) {
          return List.of(ops);
        }
        name = c.name();
        keys.addAll(RedisCommands.keys(c));
      } else {
        Op.Transaction t = (Op.Transaction) o;
        keys.addAll(t.watch());
        t.reads().forEach(r -> keys.addAll(RedisCommands.keys(r)));
        t.queued().forEach(q -> keys.addAll(RedisCommands.keys(q)));
      }
      String node;
      boolean multi = inMulti.getOrDefault(client, false);
      String session = openSession.get(client);
      if (session == null && ("WATCH".equals(name) || "MULTI".equals(name))) {
        session = "\u0000session " + sessions++;
        openSession.put(client, session);
      }
      if (session != null) {
        node = session;
        for (String k : keys) {
          uf.union(session, "k:" + k);
        }
        if ("MULTI".equals(name)) {
          inMulti.put(client, true);
        }
        boolean ends = (multi && ("EXEC".equals(name) || "DISCARD".equals(name)))
            || (!multi && "UNWATCH".equals(name));
        if (ends || op.unknown()) {
          openSession.remove(client);
          inMulti.remove(client);
        }
      } else if (!keys.isEmpty()) {
        node = "k:" + keys.get(0);
        for (String k : keys) {
          uf.union(node, "k:" + k);
        }
      } else {
        node = "\u0000alone " + op.id();
      }
      nodeOf.add(node);
    }
    Map<String, List<Operation<RedisInput, Reply>>> parts = new LinkedHashMap<>();
    for (int i = 0; i < byCall.size(); i++) {
      parts.computeIfAbsent(uf.find(nodeOf.get(i)), k -> new ArrayList<>()).add(byCall.get(i));
    }
    return new ArrayList<>(parts.values());
  }

  private static final class UnionFind {
    private final Map<String, String> parent = new HashMap<>();

    String find(String x) {
      String p = parent.getOrDefault(x, x);
      if (p.equals(x)) {
        return x;
      }
      String root = find(p);
      parent.put(x, root);
      return root;
    }

    void union(String a, String b) {
      String ra = find(a);
      String rb = find(b);
      if (!ra.equals(rb)) {
        parent.put(ra, rb);
      }
    }
  }

  // ---- from a recorded history -------------------------------------------------------------

  /** The ops of a recorded history, for checking against this model. */
  public static List<Operation<RedisInput, Reply>> operations(List<Call> calls) {
    List<Operation<RedisInput, Reply>> ops = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      Call c = calls.get(i);
      RedisInput in = new RedisInput(c.client(), c.op());
      ops.add(c.unknown() ? Operation.unknown(i, c.client(), in, c.invokeNanos())
          : Operation.of(i, c.client(), in, c.reply(), c.invokeNanos(), c.returnNanos()));
    }
    return ops;
  }
}
