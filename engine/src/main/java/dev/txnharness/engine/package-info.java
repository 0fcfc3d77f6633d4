/**
 * The reference engine: an in-memory, thread-safe implementation of Redis 7.0 transaction
 * semantics (MULTI, EXEC, DISCARD, WATCH, UNWATCH) with exact reply bytes, an injectable clock and
 * a RESP2/RESP3 server on loopback. It is what the harness tests; the model in {@code properties}
 * is what it is tested against.
 */
package dev.txnharness.engine;
