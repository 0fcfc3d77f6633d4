package dev.txnharness.properties.check;

import dev.txnharness.properties.model.KvModel.Input;
import dev.txnharness.properties.model.KvModel.Kind;
import dev.txnharness.properties.model.Operation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the EDN-like kv logs of Porcupine's test data into key-value ops.
 *
 * <p>Lines look like {@code {:process 9, :type :ok, :f :get, :key "0", :value "x 9 0 y"}}. The
 * line number is the time. {@code :ok} completes an op; {@code :info}, {@code :fail} and an invoke
 * never completed leave the outcome unknown. Blank lines are skipped; any other line is not a kv
 * history and is refused with its line number. An empty log has no ops; {@link LinearizableMain}
 * refuses that.
 */
public final class KvLogParser {
  private static final Pattern LINE = Pattern.compile(
      "^\\{:process (\\d+), :type :(invoke|ok|fail|info), :f :(get|put|append),"
          + " :key \"(.*?)\", :value (nil|\"(.*)\")\\}\\s*$");

  private KvLogParser() {}

  /** The ops of the log, in invoke order. */
  public static List<Operation<Input, String>> parse(Reader in) throws IOException {
    BufferedReader r = new BufferedReader(in);
    Map<Integer, long[]> open = new HashMap<>(); // proc -> {index}
    List<Input> inputs = new ArrayList<>();
    List<Integer> procs = new ArrayList<>();
    List<long[]> times = new ArrayList<>(); // {call, ret}
    List<String> outputs = new ArrayList<>();
    String line;
    long time = 0;
    while ((line = r.readLine()) != null) {
      time++;
      if (line.isBlank()) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new IOException("line " + time + " is not a Porcupine kv log line"
            + " ({:process N, :type :invoke|:ok|:fail|:info, :f :get|:put|:append, :key \"K\", :value V}): "
            + EtcdLogParser.abbreviate(line));
      }
      int proc;
      try {
        proc = Integer.parseInt(m.group(1));
      } catch (NumberFormatException e) {
        throw new IOException("line " + time + ": a process number out of range: " + EtcdLogParser.abbreviate(line), e);
      }
      String type = m.group(2);
      Kind kind = Kind.valueOf(m.group(3).toUpperCase(Locale.ROOT));
      String value = m.group(6);
      if (type.equals("invoke")) {
        open.put(proc, new long[] {inputs.size()});
        inputs.add(new Input(kind, m.group(4), value));
        procs.add(proc);
        times.add(new long[] {time, Long.MAX_VALUE});
        outputs.add(null);
        continue;
      }
      long[] idx = open.remove(proc);
      if (idx == null) {
        throw new IOException("line " + time + ": a completion without an invoke: " + EtcdLogParser.abbreviate(line));
      }
      if (type.equals("ok")) {
        int i = (int) idx[0];
        times.get(i)[1] = time;
        outputs.set(i, kind == Kind.GET ? (value == null ? "" : value) : "");
      }
    }
    List<Operation<Input, String>> ops = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      String out = outputs.get(i);
      ops.add(out == null
          ? Operation.unknown(i, procs.get(i), inputs.get(i), times.get(i)[0])
          : Operation.of(i, procs.get(i), inputs.get(i), out, times.get(i)[0], times.get(i)[1]));
    }
    return ops;
  }
}
