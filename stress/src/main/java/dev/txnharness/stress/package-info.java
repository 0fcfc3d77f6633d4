/** The stress module of redis-txn-harness (see docs/ARCHITECTURE.md). */
package dev.txnharness.stress;
