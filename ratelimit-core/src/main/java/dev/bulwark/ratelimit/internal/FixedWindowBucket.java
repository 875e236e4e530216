package dev.bulwark.ratelimit.internal;

import dev.bulwark.core.internal.Durations;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;

/**
 * Fixed window: at most {@code burst} permits in each aligned window of length {@code period}.
 *
 * <h2>How it works, and why</h2>
 * Windows are aligned on the bucket's creation reading (the <em>origin</em>): window {@code i}
 * covers {@code [origin + i*W, origin + (i+1)*W)} with {@code W} the limit's period, and admits at
 * most {@code C} (the limit's burst) permits. A refused request waits until the next window starts,
 * which is exact when nobody else takes permits meanwhile. Across a boundary up to {@code 2C} permits
 * pass within a short time: the price of the algorithm's simplicity.
 *
 * <p>The whole state is one {@code long}: the index of the window being counted (relative to the
 * origin) in the high bits and its count in the low {@code bitsFor(C)} bits, updated by one CAS per
 * grant and never written on a refusal, so {@link #tryAcquire} is lock-free and allocation-free. A
 * new window starts with a CAS that replaces index and count together. The index never wraps: the
 * constructor checks that the index of any reading up to {@code 2^63 - 1} ns (292 years) after the
 * origin fits in the bits left over by the count, which holds whenever the period in nanoseconds is
 * at least the burst, and otherwise names the largest burst that fits.
 *
 * <p>A caller whose reading is older than the window already recorded (it read the clock, then lost
 * the race to a caller in a later window) is refused: its own window's count is gone, and counting it
 * in the later window would admit it in a window its timestamp is not in. It is told to retry when the
 * recorded window begins. Thus, in terms of the readings passed in, no aligned window ever admits
 * more than {@code C} permits, under any interleaving.
 */
public final class FixedWindowBucket extends PackedWindowBucket {


  /**
   * Creates an empty window starting at {@code now}.
   *
   * @param limit the limit: windows of {@code period}, each admitting {@code burst} permits
   * @param now the current ticker reading, the origin of the windows
   * @throws IllegalArgumentException if the burst is too large to pack next to the window index
   *     (only for periods shorter than {@code burst} nanoseconds)
   */
  public FixedWindowBucket(RateLimit limit, long now) {
    super(limit, now, 1, RateLimitAlgorithm.FIXED_WINDOW);
  }

  @Override
  long decide(long now, int permits, boolean take) {
    if (permits > capacity) {
      return NEVER;
    }
    long elapsed = WindowMath.elapsed(now, origin);
    long index = elapsed / window;
    for (; ; ) {
      long current = state;
      long recorded = current >>> countBits;
      if (index < recorded) {
        return recorded * window - elapsed; // stale reading: retry when the recorded window starts
      }
      long count = index == recorded ? current & countMask : 0;
      if (count + permits > capacity) {
        return window - (elapsed - index * window);
      }
      if (!take || casState(current, (index << countBits) | (count + permits))) {
        return 0;
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Never books ahead: answers 0 (taken now), {@link #REFUSED}, or {@code -w} with {@code w} the
   * time until the next window.
   */
  @Override
  public long reserve(long now, int permits, long maxWaitNanos) {
    long wait = tryAcquire(now, permits);
    if (wait == 0) {
      return 0;
    }
    return wait == NEVER || wait > maxWaitNanos ? REFUSED : -wait;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Exact: the permits are subtracted from the window of {@code now} if it is still the one being
   * counted; a window that is over keeps its count (it no longer limits anything).
   */
  @Override
  public void refund(long now, int permits) {
    long index = WindowMath.elapsed(now, origin) / window;
    for (; ; ) {
      long current = state;
      if (current >>> countBits != index) {
        return;
      }
      long count = Math.max(0, (current & countMask) - permits);
      if (casState(current, (index << countBits) | count)) {
        return;
      }
    }
  }

  @Override
  public long remaining(long now) {
    long index = WindowMath.elapsed(now, origin) / window;
    long current = state;
    long recorded = current >>> countBits;
    if (index < recorded) {
      return 0;
    }
    return index == recorded ? capacity - (current & countMask) : capacity;
  }

  @Override
  public long resetAfterNanos(long now) {
    long elapsed = WindowMath.elapsed(now, origin);
    long index = elapsed / window;
    long current = state;
    long recorded = current >>> countBits;
    if (index > recorded || (current & countMask) == 0) {
      return 0;
    }
    // The recorded window (ours, or a later one for a stale reading) ends at (recorded + 1) * W.
    return Durations.saturatedAdd(recorded * window - elapsed, window);
  }

  @Override
  public String toString() {
    return "FixedWindowBucket[" + limit + "]";
  }
}
