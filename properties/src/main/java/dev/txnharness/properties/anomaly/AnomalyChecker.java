package dev.txnharness.properties.anomaly;

import dev.txnharness.properties.history.Event;
import dev.txnharness.properties.history.EventType;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.HistoryJson;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.history.Reply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An Elle-style checker of list-append histories (docs/ANOMALIES.md): every transaction appends
 * unique values to lists (RPUSH) and reads whole lists (LRANGE k 0 -1), so each read names the
 * writes it saw, in order. The longest read of a key is its version order; every other read must
 * be a prefix of it. From that: write-write, write-read and read-write edges between committed
 * transactions (plus real-time edges in strict-serializable mode), Tarjan's components, and the
 * shortest cycle of each anomaly class by BFS inside a component.
 *
 * <p>Contract: events are fed in history order with {@link #add} (so a 1M-transaction file is
 * checked without holding it), then {@link #finish} once. Time and memory are linear in the
 * history (hash maps from value to append, flat arrays for transactions, reads and edges); only
 * the naming of cycles is bounded by a visit budget (a component left unnamed is still reported,
 * as {@code cycle}). Ops must be {@link Op.Transaction} records of this workload
 * ({@link ListAppend}); anything else is bad input ({@link IllegalArgumentException}).
 *
 * <p>Outcomes: a committed EXEC (an array) is committed; a nil EXEC, an EXECABORT, a {@code fail}
 * event (DISCARD) or a transaction with a command rejected at queue time (Redis must abort it) is
 * aborted, and its writes must never be seen; an {@code info} or unfinished transaction is
 * committed exactly when one of its values is read (as in Elle), and its reads are unknown.
 */
public final class AnomalyChecker {

  /** How strict to be and how much to show. */
  public record Options(boolean realtime, int examplesPerKind, long searchVisits) {
    /** Strict serializability (real-time edges), 4 examples per kind, 50M BFS visits. */
    public static Options strict() {
      return new Options(true, 4, 50_000_000L);
    }

    /** Serializability: no real-time edges. */
    public static Options serializable() {
      return new Options(false, 4, 50_000_000L);
    }
  }

  private static final byte OK = 0;
  private static final byte ABORTED = 1;
  private static final byte INFO = 2;
  private static final byte PENDING = 3;

  private static final byte APPEND = 1;
  private static final byte READ = 2;
  private static final byte FINAL = 4; // the last append of its transaction to its key
  private static final byte BAD_READ = 8; // a read that is no prefix of the key's order
  private static final byte REJECTED = 16; // an append EXEC answered with an error

  private final Options options;

  // transactions, by invoke order
  private int n;
  private int[] client;
  private long[] invokeAt;
  private long[] completeAt;
  private byte[] status;
  private String[] abortReason = new String[0];
  private int[] microStart;
  private int[] microCount;

  // micro-ops: appends and reads of every transaction
  private int micros;
  private byte[] mKind;
  private int[] mTxn;
  private int[] mKey;
  private long[] mVal; // append: value; read: length
  private int[] mClaim; // append: RPUSH's answer, 0 if unknown

  private final LongIntTable writerOf; // value -> append micro
  private final Map<String, Integer> keyIds = new HashMap<>();
  private final List<String> keyNames = new ArrayList<>();
  private final List<long[]> longest = new ArrayList<>(); // per key: the longest read
  private final List<String[]> longestText = new ArrayList<>(); // ... as it was read
  private final List<Integer> longestSize = new ArrayList<>();
  private final List<Integer> longestReader = new ArrayList<>();

  // real time: the open invoke of each client, the frontier of completed committed txns
  private final Map<Integer, Integer> open = new HashMap<>();
  private final Map<Integer, int[]> openFrontier = new HashMap<>();
  private final Map<Integer, Op.Transaction> openOp = new HashMap<>();
  private final Map<Integer, String> openLine = new HashMap<>(); // checkFile: the invoke line, parsed if needed
  private int[] frontier = new int[16];
  private int frontierSize;
  private int[] rtFrom;
  private int[] rtTo;
  private int rtCount;

  private final Findings findings;
  private final long t0 = System.nanoTime();
  private boolean finished;

  public AnomalyChecker(Options options) {
    this(options, 1024);
  }

  /**
   * A checker with room for about {@code expectedTxns} transactions from the start: growing big
   * arrays copies them, and the copies are most of what the garbage collector has to move.
   */
  AnomalyChecker(Options options, int expectedTxns) {
    int txns = Math.max(1024, expectedTxns);
    client = new int[txns];
    invokeAt = new long[txns];
    completeAt = new long[txns];
    status = new byte[txns];
    microStart = new int[txns];
    microCount = new int[txns];
    int ops = 3 * txns;
    mKind = new byte[ops];
    mTxn = new int[ops];
    mKey = new int[ops];
    mVal = new long[ops];
    mClaim = new int[ops];
    writerOf = new LongIntTable(2 * txns);
    rtFrom = new int[4 * txns];
    rtTo = new int[4 * txns];
    this.options = options;
    this.findings = new Findings(options.examplesPerKind());
  }

  /** Checks a whole history. */
  public static AnomalyResult check(History history, Options options) {
    AnomalyChecker c = new AnomalyChecker(options);
    for (Event e : history.events()) {
      c.add(e);
    }
    return c.finish();
  }

  /**
   * Checks a history file (JSON lines, {@link HistoryJson}) without holding it: one line is parsed
   * and fed at a time.
   *
   * @throws java.io.IOException if the file cannot be read
   * @throws IllegalArgumentException if a line is no event, or the history no list-append history
   *     (the message names the line)
   */
  public static AnomalyResult checkFile(java.nio.file.Path file, Options options) throws java.io.IOException {
    // a transaction takes ~700 bytes (invoke and completion lines): size the arrays once
    AnomalyChecker c = new AnomalyChecker(options, (int) Math.min(1 << 26, java.nio.file.Files.size(file) / 700));
    try (ParallelLines lines = new ParallelLines(file)) {
      for (ParallelLines.Batch batch = lines.next(); batch != null; batch = lines.next()) {
        Object[] events = batch.events();
        for (int i = 0; i < events.length; i++) {
          try {
            if (events[i] instanceof ParallelLines.Invoke inv) {
              c.invoke(inv.client(), inv.nanos()); // the op is only needed if the call never completes
              c.openLine.put(inv.client(), inv.line());
            } else {
              c.add((Event) events[i]);
            }
          } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(file + " line " + batch.lines()[i] + ": " + ex.getMessage(), ex);
          }
        }
      }
    }
    return c.finish();
  }

  /** Feeds one event, in history order. */
  public void add(Event e) {
    if (finished) {
      throw new IllegalStateException("finish() was called");
    }
    if (!(e.op() instanceof Op.Transaction txn)) {
      throw new IllegalArgumentException("not a list-append history: client " + e.client() + " ran "
          + e.op() + " (expected MULTI ... EXEC transaction records; see ./harness anomalies --help)");
    }
    if (e.type() == EventType.INVOKE) {
      invoke(e.client(), e.nanos());
      openOp.put(e.client(), txn);
      return;
    }
    openOp.remove(e.client());
    openLine.remove(e.client());
    Integer t = open.remove(e.client());
    if (t == null) {
      throw new IllegalArgumentException("client " + e.client() + " completed " + e.op() + " without an invoke");
    }
    completeAt[t] = e.nanos();
    int[] before = openFrontier.remove(e.client());
    switch (e.type()) {
      case OK -> ok(t, txn, e.reply(), before);
      case FAIL -> {
        status[t] = ABORTED;
        setAbortReason(t, "failed (DISCARD)");
        recordAppends(t, txn);
      }
      case INFO -> {
        status[t] = INFO;
        completeAt[t] = Long.MAX_VALUE;
        recordAppends(t, txn);
        keepRealtime(before, t);
      }
      default -> throw new IllegalStateException(e.type().toString());
    }
  }

  private static Op.Transaction invokedOp(String line) {
    if (StreamingEvents.event(line).op() instanceof Op.Transaction t) {
      return t;
    }
    throw new IllegalArgumentException("not a list-append history: " + line);
  }

  private void invoke(int c, long nanos) {
    if (open.containsKey(c)) {
      throw new IllegalArgumentException("client " + c + " invoked a transaction while another was open");
    }
    int t = n++;
    if (t == client.length) {
      int cap = t * 2;
      client = Arrays.copyOf(client, cap);
      invokeAt = Arrays.copyOf(invokeAt, cap);
      completeAt = Arrays.copyOf(completeAt, cap);
      status = Arrays.copyOf(status, cap);
      microStart = Arrays.copyOf(microStart, cap);
      microCount = Arrays.copyOf(microCount, cap);
    }
    client[t] = c;
    invokeAt[t] = nanos;
    completeAt[t] = Long.MAX_VALUE;
    status[t] = PENDING;
    microStart[t] = -1;
    open.put(c, t);
    if (options.realtime()) {
      openFrontier.put(c, Arrays.copyOf(frontier, frontierSize));
    }
  }

  private void ok(int t, Op.Transaction txn, Reply reply, int[] before) {
    List<Reply> readReplies;
    Reply exec;
    if (reply instanceof Reply.Array outer && outer.items().size() == 2
        && outer.items().get(0) instanceof Reply.Array rr) {
      readReplies = rr.items();
      exec = outer.items().get(1);
    } else {
      throw new IllegalArgumentException("T" + t + ": a transaction's reply must be [[read replies], EXEC reply], not " + reply);
    }
    if (!(exec instanceof Reply.Array results)) {
      status[t] = ABORTED;
      setAbortReason(t, exec instanceof Reply.NullArray ? "aborted (EXEC answered nil)" : "aborted (" + exec + ")");
      recordAppends(t, txn);
      return;
    }
    if (ListAppend.hasQueueError(txn)) {
      status[t] = ABORTED;
      setAbortReason(t, "EXEC answered " + results.items().size() + " replies although a command was rejected at queue time"
          + " (Redis must answer EXECABORT and run nothing)");
      recordAppends(t, txn);
      return;
    }
    status[t] = OK;
    if (readReplies.size() != txn.reads().size() || results.items().size() != txn.queued().size()) {
      throw new IllegalArgumentException("T" + t + ": " + readReplies.size() + " read replies and " + results.items().size()
          + " EXEC replies for " + txn.reads().size() + " reads and " + txn.queued().size() + " queued commands");
    }
    microStart[t] = micros;
    Internal internal = new Internal();
    for (int i = 0; i < txn.reads().size(); i++) {
      read(t, txn.reads().get(i), readReplies.get(i), internal);
    }
    for (int i = 0; i < txn.queued().size(); i++) {
      Op.Command c = txn.queued().get(i);
      if (c.name().equals("RPUSH")) {
        Reply r = results.items().get(i);
        append(t, c, r instanceof Reply.Int len ? (int) len.value() : 0, r instanceof Reply.Error);
        internal.appended(key(c.arg(1)), mVal[micros - 1]);
      } else {
        read(t, c, results.items().get(i), internal);
      }
    }
    microCount[t] = micros - microStart[t];
    markFinalAppends(t);
    // real time: whoever was in the frontier at our invoke precedes us; we replace them
    keepRealtime(before, t);
    if (options.realtime()) {
      int kept = 0;
      for (int i = 0; i < frontierSize; i++) {
        if (!contains(before, frontier[i])) {
          frontier[kept++] = frontier[i];
        }
      }
      frontierSize = kept;
      if (frontierSize == frontier.length) {
        frontier = Arrays.copyOf(frontier, frontierSize * 2);
      }
      frontier[frontierSize++] = t;
    }
  }

  private void keepRealtime(int[] before, int t) {
    if (before == null) {
      return;
    }
    for (int p : before) {
      if (rtCount == rtFrom.length) {
        rtFrom = Arrays.copyOf(rtFrom, rtCount * 2);
        rtTo = Arrays.copyOf(rtTo, rtCount * 2);
      }
      rtFrom[rtCount] = p;
      rtTo[rtCount++] = t;
    }
  }

  private static boolean contains(int[] a, int x) {
    if (a == null) {
      return false;
    }
    for (int v : a) {
      if (v == x) {
        return true;
      }
    }
    return false;
  }

  /** Records the appends of a transaction whose reads are not known (aborted, unknown). */
  private void recordAppends(int t, Op.Transaction txn) {
    microStart[t] = micros;
    for (Op.Command c : txn.queued()) {
      if (c.name().equals("RPUSH") && c.argc() == 3) {
        append(t, c, 0, false);
      }
    }
    microCount[t] = micros - microStart[t];
    markFinalAppends(t);
  }

  private void append(int t, Op.Command c, int claim, boolean rejected) {
    if (c.argc() != 3) {
      throw new IllegalArgumentException("T" + t + ": expected RPUSH key value, got " + c);
    }
    long v;
    try {
      v = Long.parseLong(c.arg(2));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("T" + t + ": appended values must be integers, got " + c);
    }
    int m = micro(t, APPEND | (rejected ? REJECTED : 0), key(c.arg(1)), v);
    mClaim[m] = claim;
    if (v == Long.MIN_VALUE || writerOf.putIfAbsent(v, m) >= 0) {
      throw new IllegalArgumentException("T" + t + ": value " + v + " is appended twice in the history; values must be unique");
    }
  }

  private void markFinalAppends(int t) {
    int end = microStart[t] + microCount[t];
    for (int i = microStart[t]; i < end; i++) {
      if ((mKind[i] & APPEND) == 0) {
        continue;
      }
      boolean last = true;
      for (int j = i + 1; j < end && last; j++) {
        last = !((mKind[j] & APPEND) != 0 && mKey[j] == mKey[i]);
      }
      if (last) {
        mKind[i] |= FINAL;
      }
    }
  }

  private void read(int t, Op.Command c, Reply r, Internal internal) {
    if (!c.name().equals("LRANGE") || c.argc() != 4 || !c.arg(2).equals("0") || !c.arg(3).equals("-1")) {
      throw new IllegalArgumentException("T" + t + ": expected LRANGE key 0 -1 or RPUSH key value, got " + c);
    }
    int k = key(c.arg(1));
    if (!(r instanceof Reply.Array items)) {
      findings.add("internal", () -> new Anomaly("internal", List.of(txn(t)), List.of(),
          "T" + t + " ran " + c + " and got " + r + ", not a list"));
      return;
    }
    List<Reply> its = items.items();
    long[] best = longest.get(k);
    String[] bestText = longestText.get(k);
    int bestSize = longestSize.get(k);
    // most reads are a prefix of the longest so far: compare the text, parse only what is new
    int same = 0;
    int common = Math.min(bestSize, its.size());
    while (same < common && its.get(same) instanceof Reply.Bulk b && b.value().equals(bestText[same])) {
      same++;
    }
    long[] vals = Arrays.copyOf(best, its.size());
    for (int i = same; i < vals.length; i++) {
      vals[i] = parse(t, k, its.get(i));
    }
    internal.read(t, k, vals);
    int m = micro(t, READ, k, vals.length);
    for (int i = same; i < common; i++) {
      if (best[i] != vals[i]) {
        mKind[m] |= BAD_READ;
        int other = longestReader.get(k);
        int at = i;
        findings.add("incompatible-order", () -> new Anomaly("incompatible-order", List.of(txn(other), txn(t)), List.of(),
            "T" + other + " read " + keyNames.get(k) + " = " + list(best, bestSize) + " and T" + t + " read "
                + list(vals, vals.length) + ": they differ at element " + (at + 1) + " (" + best[at] + " vs " + vals[at]
                + "), so neither is a prefix of the other and no order of appends explains both"));
        if (hasDuplicate(vals)) {
          findings.add("duplicate-elements", () -> new Anomaly("duplicate-elements", List.of(txn(t)), List.of(),
              "T" + t + " read " + keyNames.get(k) + " = " + list(vals, vals.length) + ", which holds a value twice;"
                  + " every value is appended once"));
        }
        return;
      }
    }
    if (vals.length > bestSize) {
      String[] text = Arrays.copyOf(bestText, vals.length);
      for (int i = bestSize; i < vals.length; i++) {
        text[i] = its.get(i) instanceof Reply.Bulk b ? b.value() : null;
      }
      longest.set(k, vals);
      longestText.set(k, text);
      longestSize.set(k, vals.length);
      longestReader.set(k, t);
    }
  }

  /** One element of a read; a value that is no integer is garbage (reported), read as MIN_VALUE. */
  private long parse(int t, int k, Reply item) {
    if (item instanceof Reply.Bulk b) {
      try {
        long v = Long.parseLong(b.value());
        if (v != Long.MIN_VALUE) {
          return v;
        }
      } catch (NumberFormatException e) {
        // garbage: below
      }
    }
    findings.add("garbage-read", () -> new Anomaly("garbage-read", List.of(txn(t)), List.of(),
        "T" + t + " read " + keyNames.get(k) + " and got " + item + ", which no transaction appended"));
    return Long.MIN_VALUE;
  }

  private static boolean hasDuplicate(long[] vals) {
    long[] s = vals.clone();
    Arrays.sort(s);
    for (int i = 1; i < s.length; i++) {
      if (s[i] == s[i - 1]) {
        return true;
      }
    }
    return false;
  }

  private int micro(int t, int kind, int k, long val) {
    if (micros == mKind.length) {
      int cap = micros * 2;
      mKind = Arrays.copyOf(mKind, cap);
      mTxn = Arrays.copyOf(mTxn, cap);
      mKey = Arrays.copyOf(mKey, cap);
      mVal = Arrays.copyOf(mVal, cap);
      mClaim = Arrays.copyOf(mClaim, cap);
    }
    mKind[micros] = (byte) kind;
    mTxn[micros] = t;
    mKey[micros] = k;
    mVal[micros] = val;
    mClaim[micros] = 0;
    return micros++;
  }

  private int key(String name) {
    Integer id = keyIds.get(name);
    if (id == null) {
      id = keyNames.size();
      keyIds.put(name, id);
      keyNames.add(name);
      longest.add(new long[0]);
      longestText.add(new String[0]);
      longestSize.add(0);
      longestReader.add(-1);
    }
    return id;
  }

  private void setAbortReason(int t, String reason) {
    if (abortReason.length <= t) {
      abortReason = Arrays.copyOf(abortReason, Math.max(t + 1, abortReason.length * 2));
    }
    abortReason[t] = reason;
  }

  /**
   * A transaction's own reads must agree with its own earlier reads and appends: EXEC runs the
   * queue with nothing in between, and a WATCHed read before MULTI still holds at a committed EXEC.
   */
  private final class Internal {
    // made when first needed: most transactions touch a key once
    private Map<Integer, long[]> seen;
    private Map<Integer, List<Long>> since;

    void appended(int k, long v) {
      if (since == null) {
        since = new HashMap<>(4);
      }
      since.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }

    void read(int t, int k, long[] vals) {
      if (seen == null) {
        seen = new HashMap<>(4);
      }
      long[] before = seen.get(k);
      List<Long> own = since == null ? List.of() : since.getOrDefault(k, List.of());
      long[] expected;
      boolean ok;
      if (before != null) {
        expected = Arrays.copyOf(before, before.length + own.size());
        for (int i = 0; i < own.size(); i++) {
          expected[before.length + i] = own.get(i);
        }
        ok = Arrays.equals(expected, vals);
      } else {
        expected = null;
        ok = vals.length >= own.size();
        for (int i = 0; ok && i < own.size(); i++) {
          ok = vals[vals.length - own.size() + i] == own.get(i);
        }
      }
      if (!ok) {
        String ownText = own.toString().replace(",", "");
        findings.add("internal", () -> new Anomaly("internal", List.of(txn(t)), List.of(),
            "T" + t + " read " + keyNames.get(k) + " = " + list(vals, vals.length) + (before != null
                ? " after reading " + list(before, before.length) + (own.isEmpty() ? " and appending nothing to it"
                    : " and appending " + ownText + " itself") + ", so it should have read " + list(expected, expected.length)
                    + ": something changed " + keyNames.get(k) + " inside its EXEC (or after its WATCH)"
                : " after appending " + ownText + " itself, so the read should end with " + ownText)));
      }
      seen.put(k, vals);
      if (since != null) {
        since.remove(k);
      }
    }
  }

  /* ================================ after the last event ================================ */

  /** Analyses what was fed; call once. */
  public AnomalyResult finish() {
    if (finished) {
      throw new IllegalStateException("finish() was called already");
    }
    finished = true;
    for (Map.Entry<Integer, Integer> o : open.entrySet()) { // never completed: unknown outcome
      int t = o.getValue();
      status[t] = INFO;
      recordAppends(t, openOp.containsKey(o.getKey()) ? openOp.get(o.getKey()) : invokedOp(openLine.get(o.getKey())));
      keepRealtime(openFrontier.get(o.getKey()), t);
    }
    int[] pos = new int[micros];
    Arrays.fill(pos, -1);
    boolean[] visible = new boolean[n];
    orderChecks(pos, visible);
    boolean[] committed = new boolean[n];
    int nCommitted = 0;
    int nAborted = 0;
    int nUnknown = 0;
    for (int t = 0; t < n; t++) {
      committed[t] = status[t] == OK || (status[t] == INFO && visible[t]);
      nCommitted += committed[t] ? 1 : 0;
      nAborted += status[t] == ABORTED ? 1 : 0;
      nUnknown += status[t] == INFO ? 1 : 0;
    }
    lostAppends(pos, committed);
    lostUpdates(committed);
    DepGraph g = edges(pos, committed);
    int cyclic = new Cycles(g, this).find();
    long appends = 0;
    for (int i = 0; i < micros; i++) {
      appends += (mKind[i] & APPEND) != 0 ? 1 : 0;
    }
    AnomalyResult.Stats stats = new AnomalyResult.Stats(n, nCommitted, nAborted, nUnknown, appends, micros - appends,
        g.edgeCount(), cyclic, System.nanoTime() - t0);
    List<String> notes = new ArrayList<>();
    notes.add(options.realtime() ? "strict serializable: real-time edges included" : "serializable: no real-time edges");
    return findings.result(stats, notes);
  }

  /** Every longest read: values appended by someone, to this key, once; aborted writes unseen. */
  private void orderChecks(int[] pos, boolean[] visible) {
    for (int k = 0; k < keyNames.size(); k++) {
      long[] ver = longest.get(k);
      int size = longestSize.get(k);
      for (int i = 0; i < size; i++) {
        long v = ver[i];
        if (v == Long.MIN_VALUE) {
          continue; // reported when read
        }
        int m = writerOf.get(v);
        int key = k;
        int at = i;
        if (m < 0 || mKey[m] != k) {
          findings.add("garbage-read", () -> new Anomaly("garbage-read", List.of(txn(longestReader.get(key))), List.of(),
              "T" + longestReader.get(key) + " read " + keyNames.get(key) + " = " + list(ver, size) + ", but " + v
                  + (m < 0 ? " was never appended by any transaction" : " was appended to " + keyNames.get(mKey[m]) + " by T"
                  + mTxn[m])));
          continue;
        }
        if (pos[m] >= 0) {
          int first = pos[m];
          findings.add("duplicate-elements", () -> new Anomaly("duplicate-elements",
              List.of(txn(mTxn[m]), txn(longestReader.get(key))), List.of(),
              "T" + longestReader.get(key) + " read " + keyNames.get(key) + " = " + list(ver, size) + ": " + v
                  + " (appended once, by T" + mTxn[m] + ") is element " + (first + 1) + " and element " + (at + 1)));
          continue;
        }
        pos[m] = i;
        int w = mTxn[m];
        visible[w] = true;
        if (status[w] == ABORTED || (mKind[m] & REJECTED) != 0) {
          findings.add("G1a", () -> {
            int reader = firstReader(key, at); // a scan of all reads: only for the examples kept
            return new Anomaly("G1a", List.of(txn(w), txn(reader)), List.of(),
              "aborted read: T" + w + " appended " + v + " to " + keyNames.get(key) + " and "
                  + ((mKind[m] & REJECTED) != 0 ? "EXEC answered that RPUSH with an error" : abortReason(w))
                  + ", so " + v + " must never be seen; yet T" + reader + " read " + keyNames.get(key) + " = "
                  + list(ver, Math.max(at + 1, readLength(reader, key))));
          });
        }
      }
    }
  }

  private String abortReason(int t) {
    return t < abortReason.length && abortReason[t] != null ? "it " + abortReason[t] : "it aborted";
  }

  /** A committed transaction that read {@code k} with more than {@code i} elements. */
  private int firstReader(int k, int i) {
    for (int m = 0; m < micros; m++) {
      if ((mKind[m] & READ) != 0 && (mKind[m] & BAD_READ) == 0 && mKey[m] == k && mVal[m] > i) {
        return mTxn[m];
      }
    }
    return longestReader.get(k);
  }

  private int readLength(int t, int k) {
    int best = 0;
    for (int m = microStart[t]; m >= 0 && m < microStart[t] + microCount[t]; m++) {
      if ((mKind[m] & READ) != 0 && mKey[m] == k) {
        best = Math.max(best, (int) mVal[m]);
      }
    }
    return best;
  }

  /**
   * RPUSH answers the list's length after the push, and lists here only grow by unique appends:
   * so a committed append answered n is element n of its key in every version that long.
   */
  private void lostAppends(int[] pos, boolean[] committed) {
    for (int m = 0; m < micros; m++) {
      if ((mKind[m] & APPEND) == 0 || mClaim[m] <= 0 || status[mTxn[m]] != OK) {
        continue;
      }
      int k = mKey[m];
      int claim = mClaim[m];
      int size = longestSize.get(k);
      long[] ver = longest.get(k);
      int at = m;
      if (pos[m] < 0 && size >= claim) {
        findings.add("lost-append", () -> new Anomaly("lost-append", List.of(txn(mTxn[at]), txn(longestReader.get(k))), List.of(),
            "T" + mTxn[at] + " appended " + mVal[at] + " to " + keyNames.get(k) + " and RPUSH answered " + claim
                + ", so it should be element " + claim + " of " + keyNames.get(k) + " from then on; yet T" + longestReader.get(k)
                + " read " + keyNames.get(k) + " = " + list(ver, size) + ", with " + ver[claim - 1] + " there and no "
                + mVal[at] + " at all: the committed append was lost"));
      } else if (pos[m] >= 0 && pos[m] != claim - 1) {
        int p = pos[m];
        findings.add("incompatible-order", () -> new Anomaly("incompatible-order", List.of(txn(mTxn[at]), txn(longestReader.get(k))),
            List.of(), "T" + mTxn[at] + " appended " + mVal[at] + " to " + keyNames.get(k) + " and RPUSH answered " + claim
                + ", but " + keyNames.get(k) + " = " + list(ver, size) + " (read by T" + longestReader.get(k) + ") has it as element "
                + (p + 1)));
      }
    }
  }

  /**
   * Lost update (P4): two committed transactions read the same version of a key before
   * appending to it. WATCH exists to forbid this; serializability forbids it too.
   */
  private void lostUpdates(boolean[] committed) {
    LongIntTable firstAt = new LongIntTable(1024);
    for (int t = 0; t < n; t++) {
      if (status[t] != OK) {
        continue;
      }
      int end = microStart[t] + microCount[t];
      for (int m = microStart[t]; m < end; m++) {
        if ((mKind[m] & READ) == 0 || (mKind[m] & BAD_READ) != 0) {
          continue;
        }
        boolean appendsLater = false;
        boolean appendedBefore = false;
        for (int j = microStart[t]; j < end; j++) {
          if ((mKind[j] & APPEND) != 0 && mKey[j] == mKey[m]) {
            appendsLater |= j > m;
            appendedBefore |= j < m;
          }
        }
        if (!appendsLater || appendedBefore) {
          continue;
        }
        long version = ((long) mKey[m] << 32) | mVal[m];
        int other = firstAt.putIfAbsent(version, t);
        if (other >= 0 && other != t) {
          int k = mKey[m];
          long len = mVal[m];
          int me = t;
          findings.add("lost-update", () -> new Anomaly("lost-update", List.of(txn(other), txn(me)), List.of(),
              "T" + other + " and T" + me + " both read " + keyNames.get(k) + " = " + list(longest.get(k), (int) len)
                  + " and then both appended to it and committed: one of them decided on a version the other had already"
                  + " replaced (with WATCH, the second EXEC must answer nil)"));
        }
      }
    }
  }

  /** The ww, wr and rw edges from the version orders, rt edges from the real-time frontier. */
  private DepGraph edges(int[] pos, boolean[] committed) {
    long reads = 0;
    for (int m = 0; m < micros; m++) {
      reads += (mKind[m] & READ) != 0 ? 1 : 0;
    }
    // at most one ww edge per append, a wr and an rw per read, and the real-time edges
    DepGraph g = new DepGraph(n, (int) Math.min(Integer.MAX_VALUE - 8, micros + reads + rtCount));
    for (int k = 0; k < keyNames.size(); k++) {
      long[] ver = longest.get(k);
      int size = longestSize.get(k);
      int prev = -1;
      for (int i = 0; i < size; i++) {
        int m = ver[i] == Long.MIN_VALUE ? -1 : writerOf.get(ver[i]);
        int w = m >= 0 && pos[m] == i ? mTxn[m] : -1;
        if (w >= 0 && prev >= 0 && w != prev && committed[w] && committed[prev]) {
          g.add(prev, w, DepGraph.WW, k, ver[i]);
        }
        prev = w;
      }
    }
    for (int m = 0; m < micros; m++) {
      if ((mKind[m] & READ) == 0 || (mKind[m] & BAD_READ) != 0) {
        continue;
      }
      int t = mTxn[m];
      int k = mKey[m];
      int len = (int) mVal[m];
      long[] ver = longest.get(k);
      if (len > 0) {
        int wm = writerOf.get(ver[len - 1]);
        if (wm >= 0 && pos[wm] == len - 1) {
          int w = mTxn[wm];
          if (w != t && committed[w]) {
            g.add(w, t, DepGraph.WR, k, ver[len - 1]);
            if ((mKind[wm] & FINAL) == 0) {
              findings.add("G1b", () -> new Anomaly("G1b", List.of(txn(w), txn(t)), List.of(),
                  "intermediate read: T" + t + " read " + keyNames.get(k) + " = " + list(ver, len) + ", ending in " + ver[len - 1]
                      + ", which T" + w + " appended but then appended to " + keyNames.get(k) + " again in the same"
                      + " transaction: T" + t + " saw T" + w + " half done"));
            }
          }
        }
      }
      if (len < longestSize.get(k)) {
        int nm = writerOf.get(ver[len]);
        if (nm >= 0 && pos[nm] == len) {
          int w = mTxn[nm];
          if (w != t && committed[w]) {
            g.add(t, w, DepGraph.RW, k, ver[len]);
          }
        }
      }
    }
    for (int i = 0; i < rtCount; i++) {
      if (committed[rtFrom[i]] && committed[rtTo[i]]) {
        g.add(rtFrom[i], rtTo[i], DepGraph.RT, -1, 0);
      }
    }
    g.freeze();
    return g;
  }

  /* ================================ words for the report ================================ */

  Findings findings() {
    return findings;
  }

  Options options() {
    return options;
  }

  /** A transaction as the report shows it: Elle's notation, reads as they were answered. */
  Anomaly.Txn txn(int t) {
    String st = switch (status[t]) {
      case OK -> "committed";
      case ABORTED -> abortReason(t).replaceFirst("^it ", "");
      default -> "unknown outcome";
    };
    StringBuilder sb = new StringBuilder();
    for (int m = microStart[t]; m >= 0 && m < microStart[t] + microCount[t]; m++) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      if ((mKind[m] & APPEND) != 0) {
        sb.append("[append ").append(keyNames.get(mKey[m])).append(' ').append(mVal[m]).append(']');
      } else {
        sb.append("[r ").append(keyNames.get(mKey[m])).append(' ');
        sb.append((mKind[m] & BAD_READ) != 0 ? "(" + mVal[m] + " elements, no prefix of the order)"
            : list(longest.get(mKey[m]), (int) mVal[m]));
        sb.append(']');
      }
    }
    return new Anomaly.Txn(t, client[t], st, sb.toString());
  }

  /** One edge of a cycle in words. */
  Anomaly.Edge edge(DepGraph g, int e) {
    int a = g.from(e);
    int b = g.to(e);
    int k = g.key(e);
    long v = g.value(e);
    String key = k >= 0 ? keyNames.get(k) : "";
    long[] ver = k >= 0 ? longest.get(k) : null;
    int p = k >= 0 ? indexOf(ver, longestSize.get(k), v) : -1;
    return switch (g.type(e)) {
      case DepGraph.WW -> new Anomaly.Edge(a, b, "ww", "T" + a + " appended " + ver[p - 1] + " to " + key + ", and T" + b
          + " appended " + v + " right after it (" + key + " = " + list(ver, p + 1) + "), so T" + a + " < T" + b);
      case DepGraph.WR -> new Anomaly.Edge(a, b, "wr", "T" + b + " read " + key + " = " + list(ver, p + 1) + ", which ends with "
          + v + " that T" + a + " appended, so T" + a + " < T" + b);
      case DepGraph.RW -> new Anomaly.Edge(a, b, "rw", "T" + a + " read " + key + " = " + list(ver, p) + " without " + v
          + ", which T" + b + " appended next, so T" + a + " < T" + b);
      default -> new Anomaly.Edge(a, b, "rt", "T" + a + " completed " + String.format(Locale.ROOT, "%.3f",
          (invokeAt[b] - completeAt[a]) / 1e6) + " ms before T" + b + " was invoked (real time), so T" + a + " < T" + b);
    };
  }

  private static int indexOf(long[] a, int size, long v) {
    for (int i = 0; i < size; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    return -1;
  }

  /** A list as Elle prints it, the middle elided when long. */
  static String list(long[] a, int size) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < size; i++) {
      if (size > 12 && i == 3) {
        sb.append("… ");
        i = size - 6;
      }
      sb.append(a[i] == Long.MIN_VALUE ? "?" : Long.toString(a[i]));
      if (i < size - 1) {
        sb.append(' ');
      }
    }
    return sb.append(']').toString();
  }

  /**
   * Counts per kind and keeps the first few examples of each. An example is built only when kept,
   * and only at the end, when every transaction's ops are known.
   */
  static final class Findings {
    private final int examples;
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final Map<String, List<java.util.function.Supplier<Anomaly>>> kept = new LinkedHashMap<>();

    Findings(int examples) {
      this.examples = examples;
    }

    void add(String kind, java.util.function.Supplier<Anomaly> example) {
      int c = counts.merge(kind, 1, Integer::sum);
      if (c <= examples) {
        kept.computeIfAbsent(kind, x -> new ArrayList<>()).add(example);
      }
    }

    AnomalyResult result(AnomalyResult.Stats stats, List<String> notes) {
      List<String> order = new ArrayList<>(Kinds.ORDER);
      for (String kind : kept.keySet()) {
        if (!order.contains(kind)) {
          order.add(kind);
        }
      }
      List<Anomaly> all = new ArrayList<>();
      for (String kind : order) {
        for (java.util.function.Supplier<Anomaly> example : kept.getOrDefault(kind, List.of())) {
          all.add(example.get());
        }
      }
      AnomalyResult.Outcome o = counts.isEmpty() ? AnomalyResult.Outcome.VALID : AnomalyResult.Outcome.ANOMALY;
      return new AnomalyResult(o, counts, all, stats, notes);
    }
  }
}
