package dev.txnharness.properties.scenario;

import java.util.List;
import java.util.Map;

/**
 * A deterministic multi-connection script with the replies it must get: the scenario suite's unit.
 * Written as a text file (see {@link ScenarioParser}) so that people can read and diff it.
 *
 * @param name      the file name without extension
 * @param title     what it shows, in Redis's words (the file's first comment line)
 * @param semantics the shared/SEMANTICS.md line numbers it covers
 * @param steps     the steps, in order
 */
public record Scenario(String name, String title, List<Integer> semantics, List<Step> steps) {

    /** What a step expects: a reply, any reply, or a reply whose aggregate order does not matter. */
    public record Expect(String text, boolean any, boolean unordered) {
        public static final Expect ANY = new Expect("*", true, false);

        @Override
        public String toString() {
            return any ? "*" : (unordered ? "unordered " : "") + text;
        }
    }

    /** One step of a scenario. */
    public sealed interface Step {
        /** The 1-based line in the file. */
        int line();
    }

    /**
     * Client {@code client} sends {@code argv} and reads the reply ({@code send == false}), or only
     * sends it ({@code send == true}, a blocking command whose reply a later {@link Receive} reads).
     * {@code byVersion} holds the replies of other Redis versions ("6.2" → expectation).
     */
    public record Command(int line, String client, List<String> argv, boolean send, Expect expect,
                          Map<String, Expect> byVersion) implements Step {
        /** The expectation for a target following the given Redis version. */
        public Expect expectFor(String redisVersion) {
            return byVersion.getOrDefault(redisVersion, expect);
        }
    }

    /** Client reads the reply of its oldest command sent with SEND. */
    public record Receive(int line, String client, Expect expect, Map<String, Expect> byVersion) implements Step {
        public Expect expectFor(String redisVersion) {
            return byVersion.getOrDefault(redisVersion, expect);
        }
    }

    /** Client closes its connection (a disconnect). */
    public record Close(int line, String client) implements Step {}

    /** Time passes: the engine's clock moves (and its cron runs); a real server is waited for. */
    public record Wait(int line, long millis) implements Step {}
}
