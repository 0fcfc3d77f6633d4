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
import java.util.function.Supplier;

/**
 * The sequential specification of Redis 7.0 for the commands the workloads use, with per-client
 * WATCH / MULTI / EXEC / DISCARD / UNWATCH (shared/SEMANTICS.md rules 1-9, 11, 14, 15, 19),
 * QUIT and the runner's disconnect ({@link RedisCommands#DISCONNECT}: rule 12), several
 * databases (SELECT per client, also queued inside MULTI and run at EXEC; a watch bound to the
 * database it was made in; FLUSHDB / FLUSHALL / SWAPDB touching the watched keys that exist,
 * rule 18; MOVE, COPY, RENAME, rule 17), and expiry (rules 16, 17) against a model clock that
 * moves only at the harness's recorded clock steps ({@link RedisCommands#advanceClock}; see
 * {@link RedisState}), or at a key's recorded expiry on real time ({@link RedisCommands#expiry}:
 * an op whose interval is the window in which the server's own clock expired the key).
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

  /**
   * What an op does in a state: the next state, or null and the reason in words. The reason is
   * only put into words when a report asks for it ({@link #explain}), never on the search's path.
   */
  private record Result(RedisState next, Supplier<String> why) {
    static Result ok(RedisState next) {
      return new Result(next, null);
    }

    static Result no(Supplier<String> why) {
      return new Result(null, why);
    }

    String reason() {
      return why == null ? null : why.get();
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
  public long sizeOf(RedisState s) {
    long bytes = 96; // the state, its three maps
    for (Object v : s.keyspaceForReading().values()) {
      bytes += 48 + (v instanceof UncertainSet u ? 64L * u.candidates().size() * 4
          : v instanceof java.util.Collection<?> c ? 40 + 32L * c.size()
          : v instanceof Map<?, ?> m ? 48 + 48L * m.size() : 0);
    }
    bytes += 48L * s.ttlsForReading().size();
    for (RedisSession ss : s.sessionsForReading()) {
      bytes += 160 + 40L * ss.watched().size() + 16L * ss.queue().size();
    }
    return bytes;
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
    if (in.op() instanceof Op.Multi m) {
      return multi(s, in.client(), m, out);
    }
    return transaction(s, in.client(), (Op.Transaction) in.op(), out);
  }

  /**
   * A collapsed MULTI block ({@link #prepare}): MULTI and the commands inside it change only
   * this client's session, so they run here, one after the other, at the end's point; only the
   * end's reply is compared (the others were checked when the block was collapsed).
   */
  private Result multi(RedisState s, int client, Op.Multi m, Reply out) {
    if (s.session(client).multi()) {
      return Result.no(() -> "client " + client + " sent MULTI while already in MULTI");
    }
    RedisSession ss = s.session(client).beginMulti();
    for (Command c : m.inside()) {
      ss = inside(ss, c).session();
    }
    return command(s, client, ss, m.end(), out);
  }

  /** What a command sent inside MULTI gets: its reply and the session after it. */
  private record Inside(Reply reply, RedisSession session) {}

  /**
   * What Redis answers to {@code c} sent inside MULTI, when {@code c} is not EXEC nor a valid
   * DISCARD (which end the block): rejected at queue time (DIRTY_EXEC), refused without effect
   * (a nested MULTI, WATCH), or queued. It depends on this connection alone.
   */
  private static Inside inside(RedisSession ss, Command c) {
    String reject = RedisCommands.rejectAtQueueTime(c);
    if (reject != null) {
      return new Inside(Reply.error(reject), ss.flagExec());
    }
    switch (c.name()) {
      case "MULTI":
        return new Inside(Reply.error("ERR MULTI calls can not be nested"), ss);
      case "WATCH":
        return new Inside(Reply.error("ERR WATCH inside MULTI is not allowed"), ss);
      default:
        return new Inside(Reply.QUEUED, ss.queue(c));
    }
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
    return command(s, client, s.session(client), c, out);
  }

  private Result command(RedisState s, int client, RedisSession ss, Command c, Reply out) {
    CommandStep st = commandStep(s, client, ss, c, out);
    Reply reply = st.reply();
    if (st.execQueue() != null) {
      reply = normalizeItems(st.execQueue(), reply);
      out = normalizeItems(st.execQueue(), out);
    }
    return compare(c, reply, out, st.next(), s);
  }

  private static final Command MULTI = Command.of("MULTI");

  /**
   * Stands for an observed reply when the model itself must answer ({@link #expectedReply},
   * {@link #nextState}): a nondeterministic choice takes its first option (SPOP the smallest
   * members) instead of leaving the outcome open, as it does for a reply that was lost.
   */
  private static final Reply PICK_FIRST = new Reply.Error("model: take the first choice");

  private CommandStep commandStep(RedisState s, int client, Command c) {
    return commandStep(s, client, s.session(client), c, PICK_FIRST);
  }

  /**
   * {@link #commandStep} with {@code ss} standing for the client's session in {@code s};
   * {@code out} is the reply observed (null if none), which only resolves nondeterministic
   * choices (SPOP's members) — the reply computed is compared with it afterwards.
   */
  private CommandStep commandStep(RedisState s, int client, RedisSession ss, Command c,
      Reply out) {
    List<Command> execQueue = null;
    if (RedisCommands.isClock(c)) {
      // the harness moved the clock: not a client command, no session is involved
      return new CommandStep(Reply.OK, s.advance(RedisCommands.clockMillis(c)), null);
    }
    if (RedisCommands.isExpiry(c)) {
      // a key ran out of time on the server's own clock: not a client command either
      return new CommandStep(Reply.OK, s.expire(c.arg(1)), null);
    }
    String name = c.name();
    String reject = RedisCommands.rejectAtQueueTime(c);
    Reply reply;
    RedisState next;
    if (RedisCommands.endsConnection(c) && reject == null) {
      // QUIT (never queued) or the runner's disconnect: the MULTI and the watches are gone, and
      // the client's next connection starts afresh in database 0 (SEMANTICS 12, 19)
      reply = Reply.OK;
      next = s.withSession(client, RedisSession.IDLE);
    } else if (ss.multi()) {
      if (name.equals("EXEC")) {
        if (reject != null) {
          reply = Reply.error("EXECABORT Transaction discarded because of: "
              + reject.substring("ERR ".length()));
          next = s.withSession(client, ss.unwatched());
        } else if (ss.dirtyExec()) {
          reply = Reply.error(EXECABORT_PREVIOUS);
          next = s.withSession(client, ss.unwatched());
        } else if (ss.dirtyCas()) {
          reply = Reply.NIL_ARRAY;
          next = s.withSession(client, ss.unwatched());
        } else {
          List<Reply> replies = new ArrayList<>();
          next = runQueue(s, client, ss.unwatched(), ss.queue(), replies, out);
          reply = Reply.array(replies);
          execQueue = ss.queue();
        }
      } else if (name.equals("DISCARD") && reject == null) {
        reply = Reply.OK;
        next = s.withSession(client, ss.unwatched());
      } else {
        Inside in = inside(ss, c);
        reply = in.reply();
        next = s.withSession(client, in.session());
      }
    } else if (reject != null) {
      // a rejected EXEC aborts even outside MULTI (rejectCommand calls execCommandAbort, whose
      // discardTransaction unwatches too)
      boolean exec = name.equals("EXEC");
      reply = Reply.error(exec
          ? "EXECABORT Transaction discarded because of: " + reject.substring("ERR ".length())
          : reject);
      next = exec ? s.withSession(client, ss.unwatched()) : s;
    } else {
      switch (name) {
        case "WATCH":
          reply = Reply.OK;
          next = s.withSession(client, ss.watch(c.argv().subList(1, c.argc())));
          break;
        case "UNWATCH":
          reply = Reply.OK;
          next = s.withSession(client, ss.unwatched());
          break;
        case "SELECT": {
          int db = RedisKeys.integer(c.arg(1));
          reply = select(db);
          next = Reply.OK.equals(reply) ? s.withSession(client, ss.select(db)) : s;
          break;
        }
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
          if (RedisCommands.readOnly(c)) {
            // a read changes nothing: no copy of the keyspace
            reply = RedisCommands.apply(s.keyspaceForReading(), s.ttlsForReading(), c, ss.db(),
                out).reply(); // out: which candidate of an uncertain set (UncertainSet)
            next = s;
            break;
          }
          TreeMap<String, Object> ks = s.keyspaceCopy();
          TreeMap<String, Long> ttls = s.ttlsCopy();
          RedisCommands.Effect e = RedisCommands.apply(ks, ttls, c, ss.db(), out);
          reply = e.reply();
          next = s.withKeyspace(ks, ttls, e.touched());
        }
      }
    }
    return new CommandStep(reply, next, execQueue);
  }

  /** SELECT's reply for index {@code db} ({@link RedisKeys#integer}'s answer). */
  private static Reply select(int db) {
    if (db == Integer.MIN_VALUE) {
      return Reply.error(RedisCommands.NOT_INTEGER);
    }
    return db < 0 || db >= RedisKeys.DATABASES ? Reply.error("ERR DB index is out of range")
        : Reply.OK;
  }

  /**
   * A committed EXEC: {@code client}'s session becomes {@code after} (unwatched: EXEC unwatches
   * first, so the queue's own writes touch no watch of its own), then the queue runs in
   * {@code after}'s database, a queued SELECT switching it for the commands behind it and for
   * the client afterwards. {@code observed} is the EXEC reply seen (null if none); its items
   * resolve the queued commands' nondeterministic choices.
   */
  private static RedisState runQueue(RedisState s, int client, RedisSession after,
      List<Command> queue, List<Reply> replies, Reply observed) {
    List<Reply> seen = observed instanceof Reply.Array a && a.items().size() == queue.size()
        ? a.items() : null;
    Reply item = observed == PICK_FIRST ? PICK_FIRST : null; // when the items are not known
    TreeMap<String, Object> ks = s.keyspaceCopy();
    TreeMap<String, Long> ttls = s.ttlsCopy();
    Set<String> touched = new java.util.TreeSet<>();
    int db = after.db();
    for (int i = 0; i < queue.size(); i++) {
      Command q = queue.get(i);
      if (q.name().equals("UNWATCH")) {
        replies.add(Reply.OK); // EXEC already unwatched everything
        continue;
      }
      if (q.name().equals("SELECT")) {
        int d = RedisKeys.integer(q.arg(1));
        Reply r = select(d);
        replies.add(r);
        db = Reply.OK.equals(r) ? d : db;
        continue;
      }
      RedisCommands.Effect e = RedisCommands.apply(ks, ttls, q, db,
          seen == null ? item : seen.get(i));
      replies.add(e.reply());
      touched.addAll(e.touched());
    }
    return s.withSession(client, after.select(db)).withKeyspace(ks, ttls, touched);
  }

  private Result compare(Command c, Reply expected, Reply out, RedisState next, RedisState s) {
    if (out == null || sameReply(c, expected, out)) {
      return Result.ok(next);
    }
    Reply got = out;
    return Result.no(() -> c + " answered " + got + " but Redis would answer " + expected
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
    RedisSession ss = s.session(client); // watching nothing, not in MULTI; in any database
    if (!ss.equals(ss.unwatched())) {
      return Result.no(() -> "client " + client + " sent a transaction while its session was "
          + s.session(client));
    }
    boolean queueError = false;
    for (Command q : t.queued()) {
      if (RedisCommands.rejectAtQueueTime(q) != null) {
        queueError = true;
      } else if (Set.of("WATCH", "MULTI", "EXEC", "DISCARD").contains(q.name())
          || RedisCommands.isTime(q) || RedisCommands.endsConnection(q)) {
        throw new IllegalArgumentException("a transaction record cannot queue " + q.name());
      }
    }
    if (out == null) {
      return Result.ok(queueError ? s
          : runQueue(s, client, ss, t.queued(), new ArrayList<>(), null));
    }
    if (!(out instanceof Reply.Array a) || a.items().size() != 2
        || !(a.items().get(0) instanceof Reply.Array reads)
        || reads.items().size() != t.reads().size()) {
      return Result.no(() -> "a transaction's reply must be [[read replies], EXEC reply]: " + out);
    }
    Reply exec = a.items().get(1);
    if (exec instanceof Reply.Error e && e.message().equals(EXECABORT_PREVIOUS)) {
      return queueError ? Result.ok(s)
          : Result.no(() -> "EXEC answered EXECABORT but no queued command was rejected");
    }
    if (queueError) {
      return Result.no(() -> "a queued command was rejected, so EXEC must answer EXECABORT, not "
          + exec);
    }
    if (exec instanceof Reply.NullArray) {
      return t.watch().isEmpty() ? Result.no(() -> "EXEC answered nil but nothing was watched")
          : Result.ok(s);
    }
    if (!(exec instanceof Reply.Array execItems)) {
      return Result.no(() -> "EXEC answered " + exec);
    }
    TreeMap<String, Object> ks = new TreeMap<>(s.keyspace());
    for (int i = 0; i < t.reads().size(); i++) {
      Command r = t.reads().get(i);
      if (!RedisCommands.readOnly(r) || !t.watch().containsAll(RedisCommands.keys(r))) {
        continue; // only reads of watched keys are pinned to the EXEC point
      }
      Reply expected = RedisCommands.apply(new TreeMap<>(ks), new TreeMap<>(), r, ss.db(), null)
          .reply();
      Reply got = reads.items().get(i);
      if (!RedisCommands.normalize(r, expected).equals(RedisCommands.normalize(r, got))) {
        return Result.no(() -> "the transaction read " + r + " -> " + got + " but the committed EXEC"
            + " implies it saw " + expected + " (state " + s + ")");
      }
    }
    List<Reply> replies = new ArrayList<>();
    RedisState next = runQueue(s, client, ss, t.queued(), replies, execItems);
    if (replies.size() != execItems.items().size()) {
      return Result.no(() -> "EXEC answered " + execItems.items().size() + " replies for "
          + t.queued().size() + " queued commands");
    }
    for (int i = 0; i < replies.size(); i++) {
      Command q = t.queued().get(i);
      if (!RedisCommands.normalize(q, replies.get(i))
          .equals(RedisCommands.normalize(q, execItems.items().get(i)))) {
        Reply got = execItems.items().get(i);
        Reply want = replies.get(i);
        return Result.no(() -> "inside EXEC, " + q + " answered " + got
            + " but Redis would answer " + want + " in state " + s);
      }
    }
    return Result.ok(next);
  }

  // ---- collapsing MULTI blocks -------------------------------------------------------------

  /**
   * Collapses each client's MULTI block (MULTI, the commands sent inside it, and the EXEC or
   * DISCARD that ends it) into one {@link Op.Multi} op at the end's interval, which is where the
   * server runs it. Sound and complete: inside MULTI the server only queues (or rejects) on this
   * connection, so the replies to MULTI and to each command inside depend on this client's own
   * commands alone, never on the keyspace or another client; they are checked here, once. What
   * other clients do between MULTI and EXEC can only touch this client's watched keys, and that
   * counts the same before or after the MULTI, so only the EXEC's point matters.
   *
   * <p>A block cut short (the history ends, or an op in it got no reply and the client went
   * silent) never reached EXEC and had no effect: it is left out. If a client sent more after such
   * an op, the history is searched command by command, as recorded.
   */
  @Override
  public Prepared<RedisInput, Reply> prepare(List<Operation<RedisInput, Reply>> ops) {
    Map<Integer, List<Operation<RedisInput, Reply>>> byClient = new LinkedHashMap<>();
    for (Operation<RedisInput, Reply> op : ops) {
      byClient.computeIfAbsent(op.input().client(), c -> new ArrayList<>()).add(op);
    }
    List<Operation<RedisInput, Reply>> out = new ArrayList<>(ops.size());
    Map<Integer, List<Operation<RedisInput, Reply>>> members = new HashMap<>();
    for (Map.Entry<Integer, List<Operation<RedisInput, Reply>>> e : byClient.entrySet()) {
      int client = e.getKey();
      List<Operation<RedisInput, Reply>> mine = e.getValue();
      mine.sort(java.util.Comparator.comparingLong(Operation::call));
      RedisSession local = null; // this client's session inside a block; null outside
      List<Operation<RedisInput, Reply>> block = null;
      boolean cutShort = false;
      for (Operation<RedisInput, Reply> op : mine) {
        if (cutShort) {
          return Prepared.asIs(ops); // the client went on after an op with no reply in a block
        }
        if (!(op.input().op() instanceof Command c) || RedisCommands.isTime(c)) {
          out.add(op); // a transaction record, a clock step or an expiry: no command of this session
          continue;
        }
        Reply expected;
        RedisSession after;
        if (block == null) {
          if (!c.name().equals("MULTI") || RedisCommands.rejectAtQueueTime(c) != null) {
            out.add(op); // outside MULTI, only a valid MULTI starts a block
            continue;
          }
          expected = Reply.OK;
          after = RedisSession.IDLE.beginMulti();
        } else if (c.name().equals("EXEC") || (RedisCommands.rejectAtQueueTime(c) == null
            && (c.name().equals("DISCARD") || RedisCommands.endsConnection(c)))) {
          List<Command> inside = new ArrayList<>();
          for (int i = 1; i < block.size(); i++) {
            inside.add((Command) block.get(i).input().op());
          }
          RedisInput in = new RedisInput(client, new Op.Multi(inside, c));
          out.add(op.unknown() ? Operation.unknown(op.id(), client, in, op.call())
              : Operation.of(op.id(), client, in, op.output(), op.call(), op.ret()));
          block.add(op);
          members.put(op.id(), List.copyOf(block));
          block = null;
          local = null;
          continue;
        } else {
          Inside in = inside(local, c);
          expected = in.reply();
          after = in.session();
        }
        if (op.unknown()) {
          cutShort = true; // MULTI or a command inside it got no reply: the block never ran
          continue;
        }
        if (!sameReply(c, expected, op.output())) {
          return Prepared.impossible(ops, op, "client " + client + ": " + c + " answered "
              + op.output() + " but Redis answers " + expected
              + (block == null ? " to" : " inside") + " MULTI, whatever other clients do: that"
              + " reply depends on this connection alone");
        }
        if (block == null) {
          block = new ArrayList<>();
        }
        block.add(op);
        local = after;
      }
    }
    out.sort(java.util.Comparator.comparingLong(Operation::call));
    return new Prepared<>(out, members, null, null);
  }

  // ---- partitioning ------------------------------------------------------------------------

  /**
   * Splits by key where sound: ops are joined when they name a common key (by name, in any
   * database: a key of one database joined with the same name of another only joins more), all
   * ops of one client's WATCH/MULTI session (from its first WATCH or MULTI to EXEC, DISCARD,
   * UNWATCH, QUIT or disconnect) are joined, so a session and every write that could touch its
   * watched keys stay together, and all ops of a client from its first SELECT on are joined (its
   * selected database is read by each of them). A history with a command this model does not
   * know, or one that touches keys it does not name (FLUSHDB, FLUSHALL, SWAPDB, clock steps), is
   * not split.
   */
  @Override
  public List<List<Operation<RedisInput, Reply>>> partition(
      List<Operation<RedisInput, Reply>> ops) {
    UnionFind uf = new UnionFind();
    Map<String, Integer> keyNodes = new HashMap<>();
    Map<Integer, Integer> openSession = new HashMap<>(); // client -> its session's node
    Map<Integer, Boolean> inMulti = new HashMap<>();
    // client -> one node for all its ops from its first SELECT on: its selected database is
    // state that only its own later commands read
    Map<Integer, Integer> selecting = new HashMap<>();
    List<Operation<RedisInput, Reply>> byCall = new ArrayList<>(ops);
    byCall.sort(java.util.Comparator.comparingLong(Operation::call));
    int[] nodeOf = new int[byCall.size()];
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < byCall.size(); i++) {
      Operation<RedisInput, Reply> op = byCall.get(i);
      int client = op.input().client();
      Op o = op.input().op();
      keys.clear();
      String name = null;
      boolean selects = false;
      if (o instanceof Command c) {
        if (!RedisCommands.known(c.name()) || RedisCommands.global(c)) {
          return List.of(ops);
        }
        name = c.name();
        selects = name.equals("SELECT");
        keys.addAll(RedisCommands.keys(c));
      } else if (o instanceof Op.Multi m) {
        for (Command c : m.inside()) {
          if (!RedisCommands.known(c.name()) || RedisCommands.global(c)) {
            return List.of(ops);
          }
          selects |= c.name().equals("SELECT");
          keys.addAll(RedisCommands.keys(c));
        }
        name = "MULTI-BLOCK";
      } else {
        Op.Transaction t = (Op.Transaction) o;
        selects = t.queued().stream().anyMatch(q -> q.name().equals("SELECT"));
        keys.addAll(t.watch());
        t.reads().forEach(r -> keys.addAll(RedisCommands.keys(r)));
        t.queued().forEach(q -> keys.addAll(RedisCommands.keys(q)));
      }
      boolean multi = inMulti.getOrDefault(client, false);
      Integer session = openSession.get(client);
      if (session == null
          && ("WATCH".equals(name) || "MULTI".equals(name) || "MULTI-BLOCK".equals(name))) {
        session = uf.add();
        openSession.put(client, session);
      }
      int node;
      if (session != null) {
        node = session;
        if ("MULTI".equals(name)) {
          inMulti.put(client, true);
        }
        boolean ends = (multi && ("EXEC".equals(name) || "DISCARD".equals(name)))
            || (!multi && "UNWATCH".equals(name)) || "MULTI-BLOCK".equals(name)
            || "QUIT".equals(name) || RedisCommands.DISCONNECT.equals(name);
        if (ends) { // (an op with no reply ends nothing: the client may go on in its session)
          openSession.remove(client);
          inMulti.remove(client);
        }
      } else if (!keys.isEmpty()) {
        node = keyNodes.computeIfAbsent(keys.get(0), k -> uf.add());
      } else {
        node = uf.add(); // names no key and no session: a part of its own
      }
      for (String k : keys) {
        uf.union(node, keyNodes.computeIfAbsent(k, x -> uf.add()));
      }
      if (selects) {
        selecting.computeIfAbsent(client, x -> uf.add());
      }
      Integer clientNode = selecting.get(client);
      if (clientNode != null) {
        uf.union(node, clientNode);
      }
      nodeOf[i] = node;
    }
    Map<Integer, List<Operation<RedisInput, Reply>>> parts = new LinkedHashMap<>();
    for (int i = 0; i < byCall.size(); i++) {
      parts.computeIfAbsent(uf.find(nodeOf[i]), k -> new ArrayList<>()).add(byCall.get(i));
    }
    return new ArrayList<>(parts.values());
  }

  /** Union-find over ints, with path halving and union by size. */
  private static final class UnionFind {
    private int[] parent = new int[64];
    private int[] size = new int[64];
    private int count;

    int add() {
      if (count == parent.length) {
        parent = java.util.Arrays.copyOf(parent, count * 2);
        size = java.util.Arrays.copyOf(size, count * 2);
      }
      parent[count] = count;
      size[count] = 1;
      return count++;
    }

    int find(int x) {
      while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
      }
      return x;
    }

    void union(int a, int b) {
      int ra = find(a);
      int rb = find(b);
      if (ra != rb) {
        if (size[ra] < size[rb]) {
          int t = ra;
          ra = rb;
          rb = t;
        }
        parent[rb] = ra;
        size[ra] += size[rb];
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
