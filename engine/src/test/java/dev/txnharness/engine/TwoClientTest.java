package dev.txnharness.engine;

import dev.txnharness.engine.EngineTestSupport.Conn;
import dev.txnharness.engine.EngineTestSupport.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of the in-process tests that talk to one engine from two clients: a fresh {@link
 * Session} (engine on a manual clock) per test, clients {@code a} and {@code b}, closed after.
 */
public abstract class TwoClientTest {
    protected Session s;
    protected Conn a, b;

    @BeforeEach
    void openSession() {
        s = new Session();
        a = s.connect();
        b = s.connect();
    }

    @AfterEach
    void closeSession() {
        s.close();
    }
}
