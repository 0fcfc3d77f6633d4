package dev.txnharness.properties.distributed;

/**
 * Something the nemesis did, or saw, at a time since the history started: "kill", "restart",
 * "pause", "resume", "failover", "cut", "heal", "migrate" (a slot starts moving), "migrated" (it moved), "promoted" (a failover completed),
 * "wiped" (a killed primary restarted empty as the primary: no failover happened), "healthy".
 */
public record FaultEvent(long atMillis, String kind, String what) {}
