package dev.txnharness.properties.workload;

import dev.txnharness.properties.history.Op.Command;

/**
 * One step of a client's program in a {@link Workload}: a command to send, a loop whose
 * commands depend on the replies it gets, a move of the target's clock, or a disconnect.
 *
 * <p>Contract: immutable, compared by value. A runner turns steps into commands with a
 * {@link ClientProgram}; every command it sends is recorded as its own op in the history.
 */
public sealed interface Step {

  /** Sends one command as it is. */
  record Send(Command command) implements Step {
    @Override
    public String toString() {
      return command.toString();
    }
  }

  /**
   * The CAS-increment loop: {@code WATCH key; GET key -> n; MULTI; SET key n+1; EXEC}, again
   * while EXEC answers nil, at most {@code attempts} times. A DISCARD goes first if the client is
   * inside MULTI. The key is reserved for this loop (no other step writes it), so after a run its
   * value must equal the number of EXECs of this loop that committed.
   */
  record CasIncrement(String key, int attempts) implements Step {
    @Override
    public String toString() {
      return "CAS-INCR " + key + " (" + attempts + " attempts)";
    }
  }

  /**
   * Moves the target's clock {@code millis} forward and runs its active expiry
   * ({@link dev.txnharness.properties.target.Target#advanceClock}); recorded in the history as
   * the clock step {@link dev.txnharness.properties.model.RedisCommands#advanceClock}, an op of
   * the client whose program holds it (it is no command of that client's connection). Only the
   * deterministic runner on a target that controls its clock runs it.
   */
  record AdvanceClock(long millis) implements Step {
    public AdvanceClock {
      if (millis < 0) {
        throw new IllegalArgumentException("the clock does not go back: " + millis);
      }
    }

    @Override
    public String toString() {
      return "CLOCK +" + millis + "ms";
    }
  }

  /**
   * The client waits {@code millis} before its next step, so that a short TTL can run out between
   * two of its commands (see {@link Workloads#onRealTime}). On a target that controls its clock the
   * runner moves the clock instead, recorded as a clock step like {@link AdvanceClock}; on any
   * other the client sleeps and nothing is recorded (no command is sent). A negative pause is
   * refused when it is carried out, as a negative clock step or sleep.
   */
  record Pause(long millis) implements Step {
    @Override
    public String toString() {
      return "PAUSE " + millis + "ms";
    }
  }

  /**
   * Closes the client's connection, abruptly (no QUIT), and opens a new one for its next step;
   * recorded in the history as the disconnect
   * {@link dev.txnharness.properties.model.RedisCommands#disconnect}, which is never sent. The
   * server drops the client's MULTI and its watches; the new connection starts in database 0.
   */
  record Disconnect() implements Step {
    @Override
    public String toString() {
      return "DISCONNECT";
    }
  }
}
