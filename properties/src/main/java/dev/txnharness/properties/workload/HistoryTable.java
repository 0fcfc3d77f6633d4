package dev.txnharness.properties.workload;

import dev.txnharness.properties.history.Call;
import dev.txnharness.properties.history.History;
import dev.txnharness.properties.history.Op;
import dev.txnharness.properties.history.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A history as a table with one column per client and one row per op in invoke order, as Lincheck
 * shows a failing scenario: the smallest story a person can read. Rows are in invoke order, so in a
 * threaded run an op that waited long (an EXEC held up by others) shows its reply early.
 */
public final class HistoryTable {
  private static final int WIDTH = 30;

  private HistoryTable() {}

  /** The table; the observer's column is headed "final reads". */
  public static String render(History history, int observer) {
    List<Call> calls = history.calls();
    TreeSet<Integer> clients = new TreeSet<>();
    calls.forEach(c -> clients.add(c.client()));
    List<Integer> cols = new ArrayList<>(clients);
    StringBuilder sb = new StringBuilder();
    sb.append("    ");
    for (int c : cols) {
      sb.append(pad(c == observer ? "final reads" : "client " + c));
    }
    sb.append('\n');
    for (Call call : calls) {
      sb.append("    ");
      for (int c : cols) {
        sb.append(pad(c == call.client() ? cell(call) : ""));
      }
      sb.setLength(sb.length() - trailing(sb));
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String cell(Call c) {
    String op = c.op() instanceof Op.Command cmd ? cmd.toString() : c.op().toString();
    return op + " -> " + (c.unknown() ? "?" : text(c.reply()));
  }

  private static String text(Reply r) {
    if (r instanceof Reply.Bulk b) {
      return '"' + b.value() + '"';
    }
    if (r instanceof Reply.Error e) {
      String m = e.message();
      return "-" + (m.length() > 40 ? m.substring(0, 40) + "..." : m);
    }
    if (r instanceof Reply.Array a) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < a.items().size(); i++) {
        sb.append(i == 0 ? "" : ",").append(text(a.items().get(i)));
      }
      return sb.append(']').toString();
    }
    if (r instanceof Reply.Int i) {
      return Long.toString(i.value());
    }
    if (r instanceof Reply.NullArray) {
      return "nil-array";
    }
    return r.toString();
  }

  private static String pad(String s) {
    return s.length() >= WIDTH - 1 ? s + "  " : s + " ".repeat(WIDTH - s.length());
  }

  private static int trailing(StringBuilder sb) {
    int n = 0;
    for (int i = sb.length() - 1; i >= 0 && sb.charAt(i) == ' '; i--) {
      n++;
    }
    return n;
  }
}
