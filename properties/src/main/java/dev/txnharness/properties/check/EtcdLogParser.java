package dev.txnharness.properties.check;

import dev.txnharness.properties.model.EtcdModel;
import dev.txnharness.properties.model.EtcdModel.Input;
import dev.txnharness.properties.model.EtcdModel.Output;
import dev.txnharness.properties.model.Operation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the Jepsen etcd logs of Porcupine's test data into register ops.
 *
 * <p>Lines look like {@code INFO  jepsen.util - 3	:invoke	:cas	[0 4]} (tabs or spaces). The
 * line number is the time. {@code :ok} and cas {@code :fail} are outcomes ({@code :fail} cas =
 * the register did not hold {@code from}); {@code :info}, a read {@code :fail :timed-out}, and an
 * invoke never completed are unknown outcomes. Blank lines are skipped; any other line is not a
 * Jepsen etcd history and is refused with its line number (Porcupine ignores such lines, which made
 * any file at all, {@code /etc/passwd} included, "linearizable"). An empty log has no ops (as
 * Porcupine's etcd_095); {@link LinearizableMain} refuses that.
 */
public final class EtcdLogParser {
  private static final Pattern LINE = Pattern.compile(
      "^INFO\\s+jepsen\\.util\\s+-\\s+(\\d+)\\s+:(invoke|ok|fail|info)\\s+:(read|write|cas)\\s+(.*?)\\s*$");
  private static final Pattern PAIR = Pattern.compile("\\[(\\d+)\\s+(\\d+)\\]");

  private EtcdLogParser() {}

  /** The ops of the log, in invoke order. */
  public static List<Operation<Input, Output>> parse(Reader in) throws IOException {
    BufferedReader r = new BufferedReader(in);
    Map<Integer, Pending> open = new HashMap<>();
    List<Pending> all = new ArrayList<>();
    String line;
    long time = 0;
    while ((line = r.readLine()) != null) {
      time++;
      if (line.isBlank()) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new IOException("line " + time + " is not a Jepsen etcd log line"
            + " (INFO jepsen.util - PROC :invoke|:ok|:fail|:info :read|:write|:cas VALUE): "
            + abbreviate(line));
      }
      try {
        step(m, line, time, open, all);
      } catch (NumberFormatException e) {
        throw new IOException("line " + time + ": a value that is not a number in range: " + abbreviate(line), e);
      }
    }
    List<Operation<Input, Output>> ops = new ArrayList<>();
    for (Pending p : all) {
      ops.add(p.unknown || p.output == null
          ? Operation.unknown(p.id, p.proc, p.input, p.call)
          : Operation.of(p.id, p.proc, p.input, p.output, p.call, p.ret));
    }
    return ops;
  }

  /** The first 80 characters of a line, for an error message. */
  static String abbreviate(String line) {
    String l = line.strip();
    return l.length() <= 80 ? l : l.substring(0, 77) + "...";
  }

  /** One matched line: an invoke opens an op, a completion closes its process's open op. */
  private static void step(Matcher m, String line, long time, Map<Integer, Pending> open, List<Pending> all)
      throws IOException {
    int proc = Integer.parseInt(m.group(1));
    String type = m.group(2);
    String f = m.group(3);
    String value = m.group(4);
    if (type.equals("invoke")) {
      Pending p = new Pending(all.size(), proc, input(f, value, line, time), time);
      Pending old = open.put(proc, p);
      if (old != null) {
        old.unknown = true;
      }
      all.add(p);
      return;
    }
    Pending p = open.remove(proc);
    if (p == null) {
      throw new IOException("line " + time + ": a completion without an invoke: " + abbreviate(line));
    }
    if (type.equals("info") || (type.equals("fail") && !f.equals("cas"))) {
      p.unknown = true;
    } else {
      p.ret = time;
      p.output = f.equals("read") ? Output.read(value.equals("nil") ? null : Integer.valueOf(value))
          : f.equals("write") ? Output.done() : type.equals("ok") ? Output.done()
          : Output.casFailed();
    }
  }

  private static Input input(String f, String value, String line, long time) throws IOException {
    switch (f) {
      case "read":
        return Input.read();
      case "write":
        return Input.write(Integer.parseInt(value));
      default:
        Matcher m = PAIR.matcher(value);
        if (!m.matches()) {
          throw new IOException("line " + time + ": bad cas value: " + abbreviate(line));
        }
        return Input.cas(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
  }

  /** The model these ops are checked against. */
  public static EtcdModel model() {
    return new EtcdModel();
  }

  private static final class Pending {
    final int id;
    final int proc;
    final Input input;
    final long call;
    long ret;
    Output output;
    boolean unknown;

    Pending(int id, int proc, Input input, long call) {
      this.id = id;
      this.proc = proc;
      this.input = input;
      this.call = call;
    }
  }
}
