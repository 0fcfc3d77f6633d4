/**
 * The append-only file (Redis's aof.c): every change to the keyspace, written in Redis's format
 * (RESP multibulk commands, SELECT when the database changes, MULTI … EXEC around a transaction)
 * with exactly one write call per command or per transaction, fsynced by the {@link
 * dev.txnharness.engine.aof.Fsync} policy; loaded on start, refusing or repairing a torn tail.
 *
 * <p>{@link dev.txnharness.engine.aof.Aof} is the one entry point: it loads the file into a fresh
 * engine, then attaches an {@link dev.txnharness.engine.aof.AofWriter} as the engine's command log.
 * docs/DURABILITY.md has the design and the crash tests that check it.
 */
package dev.txnharness.engine.aof;
