package dev.bulwark.ratelimit;

/**
 * How a limiter counts. All algorithms honour the same {@link RateLimit}: {@code permits} per
 * {@code period}, at most {@code burst} at once.
 */
public enum RateLimitAlgorithm {
  /**
   * Token bucket implemented as GCRA on a single {@code long} (the theoretical arrival time). Smooth:
   * a full bucket admits {@code burst} at once, then one permit per emission interval. Lock-free,
   * allocation-free, exact. The default.
   */
  TOKEN_BUCKET,
  /**
   * Fixed window: at most {@code burst} permits in each aligned window of length {@code period}
   * (a window's length is the period; its capacity is the burst, so with {@code withBurst(b)} the
   * sustained rate is {@code b} per period). Windows are aligned on the limiter's creation. A
   * refused request waits for the next window. Cheap, but admits up to twice the capacity across a
   * window boundary. Lock-free, allocation-free; any burst up to the period's length in nanoseconds
   * fits (beyond that, the builder names the largest that does).
   */
  FIXED_WINDOW,
  /**
   * Sliding-window counter: the current window's count plus the previous window's count weighted
   * by how much of it still overlaps the sliding window:
   * {@code estimate = prev * (1 - elapsedFractionOfCurrentWindow) + cur}, admitting while the
   * estimate (the weighted part rounded up) plus the request fits the burst. Windows are as for
   * {@link #FIXED_WINDOW}. Approximate: it assumes the previous window's permits were evenly spread,
   * so it never admits more than {@code burst} per aligned window, nor more than
   * {@code 2 * burst - 1} within one period (when the previous window's permits all came at its
   * very end), and refuses early when they came at its start. Lock-free, allocation-free, constant
   * memory; the burst is limited by the period, to 32767 per second, 262143 per minute, 2097151 per
   * hour (the builder names the largest that fits).
   */
  SLIDING_WINDOW_COUNTER,
  /**
   * Sliding-window log: remembers the time of each admitted permit over the last period and never
   * admits more than {@code burst} within any interval of length {@code period}. Exact; 8 bytes of
   * memory per unit of burst (at most 1,048,576); decisions take a short lock.
   */
  SLIDING_WINDOW_LOG
}
