package dev.txnharness.properties.workload;

import dev.txnharness.properties.history.Op.Command;
import dev.txnharness.properties.history.Reply;
import dev.txnharness.properties.model.RedisCommands;
import java.util.List;

/**
 * One client's steps as a stream of commands: {@link #next} gives the next command to send, given
 * the reply to the previous one, so a CAS loop can read a value and write it back plus one. A
 * {@link Step.AdvanceClock} comes out as the clock step ({@link RedisCommands#isClock}), and a
 * {@link Step.Pause} as {@link #PAUSE}, a
 * {@link Step.Disconnect} as the disconnect ({@link RedisCommands#DISCONNECT}), which the runner
 * carries out instead of sending them.
 *
 * <p>Contract: not thread-safe (one client, one thread). Tracks whether the client is inside
 * MULTI from the replies it sees. Counts the CAS loop's committed EXECs, and the ones whose outcome
 * is unknown (see {@link #unknownOutcome}).
 */
public final class ClientProgram {
  /**
   * A {@link Step.Pause} as it comes out of {@link #next}: {@code [@PAUSE, millis]}, which the
   * runner carries out (a clock step or a sleep) and never sends.
   */
  public static final String PAUSE = "@PAUSE";
  private final List<Step> steps;
  private int index;
  private boolean inMulti;
  private Command pending;
  // the CAS loop in progress
  private Step.CasIncrement cas;
  private int casPhase;
  private int casAttempts;
  private long casValue;
  private int casCommitted;
  private int casUnknown;

  public ClientProgram(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  /**
   * The next command, or null when the program is done. {@code lastReply} is the reply to the
   * previous command (null for the first call).
   */
  public Command next(Reply lastReply) {
    if (pending != null) {
      observe(pending, lastReply);
    }
    pending = advance(lastReply);
    return pending;
  }

  /** The last command's outcome is unknown; the program stops (its session state is unknown). */
  public void unknownOutcome() {
    if (cas != null && pending != null && pending.name().equals("EXEC") && casPhase == 6) {
      casUnknown++;
    }
    index = steps.size();
    cas = null;
    pending = null;
  }

  /** CAS-loop EXECs that committed. */
  public int casCommitted() {
    return casCommitted;
  }

  /** CAS-loop EXECs whose outcome is unknown. */
  public int casUnknown() {
    return casUnknown;
  }

  private void observe(Command c, Reply r) {
    switch (c.name()) {
      case "MULTI" -> inMulti = inMulti || Reply.OK.equals(r);
      case "EXEC", "DISCARD", "QUIT", RedisCommands.DISCONNECT -> inMulti = false;
      default -> { }
    }
  }

  private Command advance(Reply last) {
    while (true) {
      if (cas != null) {
        Command c = casNext(last);
        if (c != null) {
          return c;
        }
        cas = null;
      }
      if (index >= steps.size()) {
        return null;
      }
      Step s = steps.get(index++);
      if (s instanceof Step.Send send) {
        return send.command();
      }
      if (s instanceof Step.AdvanceClock clock) {
        return RedisCommands.advanceClock(clock.millis());
      }
      if (s instanceof Step.Pause pause) {
        return Command.of(PAUSE, Long.toString(pause.millis()));
      }
      if (s instanceof Step.Disconnect) {
        return RedisCommands.disconnect();
      }
      cas = (Step.CasIncrement) s;
      casPhase = 0;
      casAttempts = 0;
    }
  }

  /** The CAS loop as a small state machine; phase = the command sent last. */
  private Command casNext(Reply last) {
    String k = cas.key();
    switch (casPhase) {
      case 0: // start (or retry)
        if (inMulti) {
          casPhase = 1;
          return Command.of("DISCARD");
        }
        // fall through
      case 1:
        casAttempts++;
        casPhase = 2;
        return Command.of("WATCH", k);
      case 2:
        casPhase = 3;
        return Command.of("GET", k);
      case 3:
        if (last instanceof Reply.Bulk b) {
          try {
            casValue = Long.parseLong(b.value());
          } catch (NumberFormatException e) {
            return gaveUp();
          }
        } else if (last instanceof Reply.NullBulk) {
          casValue = 0;
        } else {
          return gaveUp();
        }
        casPhase = 4;
        return Command.of("MULTI");
      case 4:
        if (!Reply.OK.equals(last)) {
          return gaveUp();
        }
        casPhase = 5;
        return Command.of("SET", k, Long.toString(casValue + 1));
      case 5:
        casPhase = 6;
        return Command.of("EXEC");
      case 6:
        if (last instanceof Reply.Array) {
          casCommitted++;
          return null;
        }
        if (last instanceof Reply.NullArray && casAttempts < cas.attempts()) {
          casPhase = 1;
          return casNext(last);
        }
        return null;
      case 7:
        return null;
      default:
        throw new IllegalStateException("CAS phase " + casPhase);
    }
  }

  private Command gaveUp() {
    casPhase = 7;
    return inMulti ? Command.of("DISCARD") : Command.of("UNWATCH");
  }
}
