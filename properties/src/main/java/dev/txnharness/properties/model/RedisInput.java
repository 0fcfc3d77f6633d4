package dev.txnharness.properties.model;

import dev.txnharness.properties.history.Op;

/** The input of a {@link RedisModel} op: which client sent which {@link Op}. */
public record RedisInput(int client, Op op) {
  @Override
  public String toString() {
    return "c" + client + ": " + op;
  }
}
