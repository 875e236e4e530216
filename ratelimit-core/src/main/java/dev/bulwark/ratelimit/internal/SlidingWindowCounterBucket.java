package dev.bulwark.ratelimit.internal;

import dev.bulwark.core.internal.Durations;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;

/**
 * Sliding-window counter: the current aligned window's count plus the previous window's count
 * weighted by how much of the previous window the sliding window still covers.
 *
 * <h2>How it works, and why</h2>
 * Windows of length {@code W} (the limit's period) are aligned on the bucket's creation reading, as
 * for {@link FixedWindowBucket}; the capacity {@code C} is the limit's burst. At offset {@code off}
 * into the current window, the permits of the last {@code W} nanoseconds are estimated as
 * <pre>{@code estimate = prev * (W - off) / W + cur}</pre>
 * i.e. {@code prev * (1 - elapsedFractionOfCurrentWindow) + cur}, and {@code n} permits are admitted
 * iff {@code ceil(prev * (W - off) / W) + cur + n <= C}. The comparison is exact (128-bit products),
 * so tests and retry-after values are exact: a refused request is told the first instant at which
 * the falling weight of {@code prev}, or the next window, lets it through.
 *
 * <h2>Error bound</h2>
 * The estimate assumes the previous window's permits were spread evenly over it. If {@code a} of them
 * fell in the part still covered by the sliding window, the true count is {@code a + cur} and the
 * error is {@code a - prev * (W - off) / W}, between {@code -prev * (W - off) / W} (they all came
 * early: the counter refuses too soon) and {@code prev * off / W} (they all came late: it admits too
 * much). Consequences that hold under any interleaving:
 * <ul>
 *   <li>an aligned window never admits more than {@code C} permits;
 *   <li>an interval of length {@code W} never admits more than {@code 2C - 1} permits; that worst case
 *       needs {@code C} permits at the very end of one window and a full window right after;
 *   <li>with evenly spread traffic it is within one permit of an exact sliding log.
 * </ul>
 *
 * <h2>State</h2>
 * One {@code long}: the index of the current window relative to the origin, then {@code prev}, then
 * {@code cur}, the two counts in {@code bitsFor(C)} bits each. One CAS per grant, none per refusal,
 * no allocation; rolling to a new window moves {@code cur} to {@code prev} (or clears both after an
 * idle window) in the same CAS. The index never wraps: the constructor checks that the index of any
 * reading up to {@code 2^63 - 1} ns after the origin fits beside the two counts, i.e. roughly that
 * the period holds {@code 2^(2 * bitsFor(C) - 1)} nanoseconds, between {@code C^2 / 2} and
 * {@code 2 * C^2} (1 s holds {@code C} up to 32767, 1 min up to 262143, 1 h up to 2097151), and
 * otherwise names the largest burst that fits. A reading older than
 * the recorded window is refused, as in {@link FixedWindowBucket}, so that the count of a window is
 * final once the next one has started.
 */
public final class SlidingWindowCounterBucket extends PackedWindowBucket {


  /**
   * Creates an empty bucket whose first window starts at {@code now}.
   *
   * @param limit the limit: windows of {@code period}, capacity {@code burst}
   * @param now the current ticker reading, the origin of the windows
   * @throws IllegalArgumentException if the burst is too large to pack next to the window index
   */
  public SlidingWindowCounterBucket(RateLimit limit, long now) {
    super(limit, now, 2, RateLimitAlgorithm.SLIDING_WINDOW_COUNTER);
  }

  @Override
  long decide(long now, int permits, boolean take) {
    if (permits > capacity) {
      return NEVER;
    }
    long elapsed = WindowMath.elapsed(now, origin);
    long index = elapsed / window;
    long offset = elapsed - index * window;
    for (; ; ) {
      long current = state;
      long recorded = current >>> (2 * countBits);
      if (index < recorded) {
        return recorded * window - elapsed; // stale reading: retry when the recorded window starts
      }
      long prev = previousCount(current, index, recorded);
      long cur = index == recorded ? current & countMask : 0;
      if (cur + weighted(prev, offset) + permits > capacity) {
        return waitNanos(prev, cur, offset, permits);
      }
      if (!take || casState(current, pack(index, prev, cur + permits))) {
        return 0;
      }
    }
  }

  /** The previous window's count as seen from window {@code index}. */
  private long previousCount(long current, long index, long recorded) {
    if (index == recorded) {
      return (current >>> countBits) & countMask;
    }
    return index == recorded + 1 ? current & countMask : 0;
  }

  /** {@code ceil(prev * (W - offset) / W)}: the previous window's share of the sliding window. */
  private long weighted(long prev, long offset) {
    return prev == 0 ? 0 : prev - WindowMath.mulDivFloor(prev, offset, window);
  }

  /** The first wait after which {@code permits} fit, assuming nobody else takes any. */
  private long waitNanos(long prev, long cur, long offset, int permits) {
    long spare = capacity - cur - permits;
    if (spare >= 0) {
      // Fits in this window once ceil(prev * (W - off') / W) <= spare: off' >= W - floor(spare*W/prev).
      return window - offset - WindowMath.mulDivSmall(spare, window, prev);
    }
    // Next window: cur becomes prev; it fits once off' >= W - floor((C - permits) * W / cur).
    long rest = window - WindowMath.mulDivSmall(capacity - permits, window, cur);
    return Durations.saturatedAdd(window - offset, rest);
  }

  private long pack(long index, long prev, long cur) {
    return (index << (2 * countBits)) | (prev << countBits) | cur;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Never books ahead: answers 0 (taken now), {@link #REFUSED}, or {@code -w} with {@code w} the
   * time until the request fits.
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
   * <p>Exact: the permits are subtracted from the window of {@code now}, whether it is still the
   * current window or has become the previous one; an older window no longer counts.
   */
  @Override
  public void refund(long now, int permits) {
    long index = WindowMath.elapsed(now, origin) / window;
    for (; ; ) {
      long current = state;
      long recorded = current >>> (2 * countBits);
      long prev = (current >>> countBits) & countMask;
      long cur = current & countMask;
      long updated;
      if (recorded == index) {
        updated = pack(recorded, prev, Math.max(0, cur - permits));
      } else if (recorded == index + 1) {
        updated = pack(recorded, Math.max(0, prev - permits), cur);
      } else {
        return;
      }
      if (casState(current, updated)) {
        return;
      }
    }
  }

  @Override
  public long remaining(long now) {
    long elapsed = WindowMath.elapsed(now, origin);
    long index = elapsed / window;
    long current = state;
    long recorded = current >>> (2 * countBits);
    if (index < recorded) {
      return 0;
    }
    long cur = index == recorded ? current & countMask : 0;
    long used = cur + weighted(previousCount(current, index, recorded), elapsed - index * window);
    return Math.max(0, capacity - used);
  }

  @Override
  public long resetAfterNanos(long now) {
    long elapsed = WindowMath.elapsed(now, origin);
    long index = elapsed / window;
    long current = state;
    long recorded = current >>> (2 * countBits);
    if (index < recorded) {
      // Stale reading: the recorded window empties two windows after it starts, at the latest.
      long untilRecorded = recorded * window - elapsed;
      return Durations.saturatedAdd(Durations.saturatedAdd(untilRecorded, window), window);
    }
    long untilNextWindow = window - (elapsed - index * window);
    if (index == recorded && (current & countMask) > 0) {
      return Durations.saturatedAdd(untilNextWindow, window);
    }
    return previousCount(current, index, recorded) > 0 ? untilNextWindow : 0;
  }

  @Override
  public String toString() {
    return "SlidingWindowCounterBucket[" + limit + "]";
  }
}
