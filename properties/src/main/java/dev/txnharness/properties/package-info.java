/** The properties module of redis-txn-harness (see docs/ARCHITECTURE.md). */
package dev.txnharness.properties;
