package dev.txnharness.junit;

import dev.txnharness.reports.cli.Durations;
import java.lang.reflect.AnnotatedElement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link RedisTransactionTest}: resolves {@link TransactionCheck} parameters.
 * The report folder is {@code target/harness-reports/<class>.<method>/} (an earlier one there is
 * replaced), published as a report entry so surefire and IDEs show where it is.
 */
public final class TransactionCheckExtension implements ParameterResolver {
    /** The system property that overrides the annotation's targets. */
    public static final String TARGET_PROPERTY = "harness.target";
    /** The system property that overrides the annotation's seed. */
    public static final String SEED_PROPERTY = "harness.seed";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TransactionCheck.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        RedisTransactionTest a = find(context.getElement()).or(() -> find(context.getTestClass()))
                .orElseThrow(() -> new ParameterResolutionException("a TransactionCheck parameter needs @RedisTransactionTest on "
                        + "the test method or class"));
        String prop = System.getProperty(TARGET_PROPERTY);
        List<Target> targets = prop != null && !prop.isBlank() ? Target.list(prop)
                : Arrays.stream(a.target()).map(Target::of).toList();
        Suite[] suites = a.suites();
        if (suites.length == 0) throw new ParameterResolutionException("@RedisTransactionTest(suites = {}) names no suite");
        TransactionCheck check = TransactionCheck.of(targets).suites(suites[0], Arrays.copyOfRange(suites, 1, suites.length))
                .clients(a.clients()).time(duration(a.time()));
        String seed = System.getProperty(SEED_PROPERTY);
        if (seed != null && !seed.isBlank()) check.seed(Long.parseLong(seed.trim()));
        else if (a.seed() != 0) check.seed(a.seed());
        String name = context.getRequiredTestClass().getName() + context.getTestMethod().map(m -> "." + m.getName()).orElse("");
        Path dir = TransactionCheck.defaultRoot().resolve(name);
        context.publishReportEntry("harness.report", dir.resolve("index.html").toString());
        return check.reportDir(dir);
    }

    private static Optional<RedisTransactionTest> find(Optional<? extends AnnotatedElement> element) {
        return AnnotationSupport.findAnnotation(element, RedisTransactionTest.class);
    }

    /** "500ms", "5s", "2m", "1h": the words of {@code ./harness check --time}. */
    static Duration duration(String text) {
        try {
            return Durations.parse(text);
        } catch (RuntimeException e) { // picocli's TypeConversionException
            throw new ParameterResolutionException("@RedisTransactionTest(time = \"" + text + "\"): " + e.getMessage());
        }
    }
}
