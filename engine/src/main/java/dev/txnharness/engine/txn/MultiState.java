package dev.txnharness.engine.txn;

import dev.txnharness.engine.command.Command;
import java.util.ArrayList;
import java.util.List;

/**
 * A client's transaction state (Redis keeps it in client flags and c->mstate): the MULTI flag, the
 * queue, DIRTY_EXEC (a queue-time error happened), DIRTY_CAS (a watched key was touched) and the
 * watched keys. Only {@link Multi} changes it, always under the engine's lock.
 */
public final class MultiState {
    /** One queued command and its arguments. */
    public record Queued(Command cmd, byte[][] argv) {}

    boolean multi;
    boolean dirtyCas;
    boolean dirtyExec;
    /** Test-only ({@code Fault.TOUCH_AFTER_MULTI_IGNORED}): DIRTY_CAS as it was when MULTI ran. */
    boolean dirtyCasAtMulti;
    /** True while this client's EXEC runs its queue (CLIENT_DENY_BLOCKING). */
    boolean inExec;
    private boolean alwaysDenyBlocking;
    final List<Queued> commands = new ArrayList<>();
    final List<WatchedKey> watchedKeys = new ArrayList<>();

    public boolean inMulti() {
        return multi;
    }

    public boolean dirtyCas() {
        return dirtyCas;
    }

    public boolean dirtyExec() {
        return dirtyExec;
    }

    /** True while EXEC runs this client's queue: blocking commands must not block. */
    public boolean denyBlocking() {
        return inExec || alwaysDenyBlocking;
    }

    /** For the scripts' client: its blocking commands never block (a script cannot wait). */
    public void denyBlockingAlways() {
        alwaysDenyBlocking = true;
    }

    /** Whether a queued command may grow memory (Redis's mstate.cmd_flags & CMD_DENYOOM). */
    public boolean queuesDenyOom() {
        for (Queued q : commands) if (q.cmd().is(Command.DENYOOM)) return true;
        return false;
    }

    /** Whether a queued command is a script (EVAL, EVALSHA), which may run for long. */
    public boolean queuesScript() {
        for (Queued q : commands) if (q.cmd().name().startsWith("eval")) return true;
        return false;
    }

    public int queued() {
        return commands.size();
    }

    public int watching() {
        return watchedKeys.size();
    }
}
