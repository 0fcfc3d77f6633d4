package dev.txnharness.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class's (or a test method's) parameters of type {@link TransactionCheck} a check
 * configured from here and from system properties, with its report under the module's
 * {@code target/harness-reports/} beside surefire's. With a {@code @TestFactory}, each scenario
 * becomes a test of its own:
 *
 * <pre>{@code
 * @RedisTransactionTest(target = "launch", time = "5s")
 * class RedisTransactionsTest {
 *     @TestFactory
 *     Stream<DynamicNode> transactions(TransactionCheck check) {
 *         return check.dynamicTests();
 *     }
 * }
 * }</pre>
 *
 * <p>{@code -Dharness.target=engine,resp,redis://host:6379} overrides {@link #target()} (the same
 * words as {@code ./harness check --target}; {@code redis} means {@code launch}), and {@code
 * -Dharness.seed=N} overrides {@link #seed()}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@java.lang.annotation.Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(TransactionCheckExtension.class)
public @interface RedisTransactionTest {
    /** The targets, as {@code --target} words: engine, resp, launch, redis://… (default: engine). */
    String[] target() default "engine";

    /** The suites (default: scenarios and histories). */
    Suite[] suites() default {Suite.SCENARIOS, Suite.HISTORIES};

    /** Clients per history. */
    int clients() default 4;

    /** The histories suite's time budget per target: 500ms, 5s, 2m… */
    String time() default "5s";

    /** The seed; 0 picks a random one (printed in the report and the failure message). */
    long seed() default 0;
}
