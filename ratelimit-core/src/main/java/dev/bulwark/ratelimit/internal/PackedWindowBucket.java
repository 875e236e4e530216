package dev.bulwark.ratelimit.internal;

import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What the window buckets that keep their whole state in one {@code long} share: the window layout
 * (origin, length, capacity, the bits of one count), the state word with its compare-and-set, and
 * the routing of {@link #tryAcquire} and {@link #peek} into one {@link #decide}. Each subclass
 * defines what the state word holds and how a decision reads and updates it.
 */
abstract class PackedWindowBucket extends Bucket {

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(PackedWindowBucket.class, "state", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final RateLimit limit;
  final long origin;
  final long window;
  final long capacity;
  final int countBits;
  final long countMask;

  /** The packed state; its layout is the subclass's. Written only through {@link #casState}. */
  volatile long state;

  /**
   * Lays out windows of {@code period} starting at {@code now}, each admitting {@code burst}.
   *
   * @param counts how many counts the state word packs next to the window index
   * @throws IllegalArgumentException if the burst is too large to pack next to the window index
   */
  PackedWindowBucket(RateLimit limit, long now, int counts, RateLimitAlgorithm algorithm) {
    this.limit = limit;
    this.window = WindowMath.requireLayout(limit, counts, algorithm);
    this.capacity = limit.burst();
    this.countBits = WindowMath.bitsFor(capacity);
    this.countMask = (1L << countBits) - 1;
    this.origin = now;
    this.state = 0L;
  }

  /** Replaces the state word if it still holds {@code expected}; may fail spuriously. */
  final boolean casState(long expected, long updated) {
    return STATE.weakCompareAndSet(this, expected, updated);
  }

  /** Decides a request, taking the permits only if {@code take}; returns as {@link #tryAcquire}. */
  abstract long decide(long now, int permits, boolean take);

  @Override
  public final long tryAcquire(long now, int permits) {
    return decide(now, permits, true);
  }

  @Override
  public final long peek(long now, int permits) {
    return decide(now, permits, false);
  }

  @Override
  public final RateLimit limit() {
    return limit;
  }
}
