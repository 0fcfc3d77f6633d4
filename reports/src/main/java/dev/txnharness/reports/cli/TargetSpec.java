package dev.txnharness.reports.cli;

import dev.txnharness.engine.Fault;
import dev.txnharness.properties.target.Connection;
import dev.txnharness.properties.target.EngineTarget;
import dev.txnharness.properties.target.RespTarget;
import dev.txnharness.properties.target.Target;
import dev.txnharness.properties.target.Targets;
import java.time.Duration;
import java.util.Set;

/** Opens a target by name, with test-only engine faults, and checks that it answers. */
final class TargetSpec {
    private TargetSpec() {}

    static Target open(String spec, Set<Fault> faults) {
        String s = spec.trim();
        Target t;
        try {
            if (!faults.isEmpty() && s.equals("engine")) {
                t = new EngineTarget(faults, 10_000);
            } else if (!faults.isEmpty() && s.equals("resp")) {
                t = RespTarget.start(faults, Duration.ofSeconds(10));
            } else if (!faults.isEmpty()) {
                throw new CouldNotRun("--fault applies only to the engine and resp targets, not '" + s + "'");
            } else {
                t = Targets.of(s);
            }
        } catch (CouldNotRun e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new CouldNotRun(e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            throw new CouldNotRun("could not start target '" + s + "': " + oneLine(e), e);
        }
        try (Connection c = t.connect()) {
            c.call("PING");
        } catch (Exception e) {
            t.close();
            throw new CouldNotRun("cannot reach " + s + ": " + oneLine(e) + " (is the server running? check --target)", e);
        }
        return t;
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
