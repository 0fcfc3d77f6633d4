package dev.txnharness.reports.cli;

import dev.txnharness.properties.check.LinearizableMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.Spec;

/** {@code ./harness linearizable}: checks one history file (properties' LinearizableMain). */
@Command(name = "linearizable", usageHelpAutoWidth = true,
        description = {"Checks one history file for linearizability and prints the verdict and its explanation:",
            "  linearizable --model etcd|kv|redis [--no-partition] [--budget 60s] FILE",
            "(redis: a history-N.jsonl; etcd: a Jepsen etcd log; kv: a Porcupine kv log)."},
        footer = {"", "Exit codes: 0 linearizable, 1 violation, 2 usage error or a file that is not a history of that model "
            + "(the first line it does not know is named), 3 unknown (budget spent)."})
final class LinearizableCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        return LinearizableMain.run(args.toArray(String[]::new), Main.out(spec));
    }
}
