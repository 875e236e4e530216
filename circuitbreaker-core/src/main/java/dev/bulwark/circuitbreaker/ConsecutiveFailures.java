package dev.bulwark.circuitbreaker;

import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The consecutive-failure strategy: one counter of failures in a row.
 *
 * <p>A success only reads the counter and writes it only when it is not already zero, so the common
 * path (a run of successes) performs no write at all and its cache line stays shared between cores.
 * Under concurrency, "consecutive" means consecutive in the order the counter sees the outcomes; a
 * success racing with a failure may or may not reset it, as in some serial order of the two. Every
 * failure that brings the count to the threshold or beyond asks to open; the state machine lets
 * exactly one of them perform the transition.
 */
final class ConsecutiveFailures implements ClosedStats {

  private final int threshold;
  private final AtomicInteger failures = new AtomicInteger();

  ConsecutiveFailures(int threshold) {
    this.threshold = threshold;
  }

  @Override
  public @Nullable TransitionReason record(boolean failure, boolean slow, long nowNanos) {
    if (!failure) {
      if (failures.get() != 0) {
        failures.set(0);
      }
      return null;
    }
    return failures.incrementAndGet() >= threshold ? TransitionReason.CONSECUTIVE_FAILURES : null;
  }

  @Override
  public Counts counts(long nowNanos) {
    return new Counts(0, 0, 0, failures.get());
  }
}
