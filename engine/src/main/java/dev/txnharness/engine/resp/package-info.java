/**
 * The engine over RESP: {@link dev.txnharness.engine.resp.RespServer} (Netty, loopback by default,
 * Redis 7.0's request parsing and protocol errors byte for byte), its limits ({@link
 * dev.txnharness.engine.resp.ServerConfig}), the {@code harness serve} entry point ({@link
 * dev.txnharness.engine.resp.ServeMain}), and {@link dev.txnharness.engine.resp.RespClient}, a small
 * blocking RESP connection for tests and other modules.
 */
package dev.txnharness.engine.resp;
