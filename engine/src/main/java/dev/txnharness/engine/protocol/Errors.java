package dev.txnharness.engine.protocol;

/** Redis 7.0's shared error replies (server.c createSharedObjects), word for word. */
public final class Errors {
    private Errors() {}

    public static final Reply.Err WRONGTYPE =
            new Reply.Err("WRONGTYPE Operation against a key holding the wrong kind of value");
    public static final Reply.Err NOT_INTEGER = new Reply.Err("ERR value is not an integer or out of range");
    public static final Reply.Err NOT_FLOAT = new Reply.Err("ERR value is not a valid float");
    public static final Reply.Err OVERFLOW = new Reply.Err("ERR increment or decrement would overflow");
    public static final Reply.Err SYNTAX = new Reply.Err("ERR syntax error");
    public static final Reply.Err NO_SUCH_KEY = new Reply.Err("ERR no such key");
    public static final Reply.Err OUT_OF_RANGE = new Reply.Err("ERR index out of range");
    public static final Reply.Err DB_OUT_OF_RANGE = new Reply.Err("ERR DB index is out of range");
    public static final Reply.Err EXECABORT =
            new Reply.Err("EXECABORT Transaction discarded because of previous errors.");
    public static final Reply.Err OOM = new Reply.Err("OOM command not allowed when used memory > 'maxmemory'.");
    public static final Reply.Err NOT_ALLOWED_IN_MULTI = new Reply.Err("ERR Command not allowed inside a transaction");

    /** {@code -ERR <text>}. */
    public static Reply.Err err(String text) {
        return new Reply.Err("ERR " + text);
    }
}
