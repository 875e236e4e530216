package dev.bulwark.ratelimit.redis;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for an external process (a Redis server, a cluster forming or failing over) to reach a
 * state, polling every 20 ms. Only the harness waits like this, for processes outside the JVM;
 * no test assertion depends on elapsed time.
 */
final class Await {

  private Await() {}

  static void until(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
      }
      LockSupport.parkNanos(20_000_000L);
    }
  }
}
