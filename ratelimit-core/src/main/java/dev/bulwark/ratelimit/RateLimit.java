package dev.bulwark.ratelimit;

import dev.bulwark.core.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * One limit: a refill of {@code permits} per {@code period}, with a burst capacity.
 *
 * <p>Unless {@link #withBurst(long)} says otherwise, the burst is the whole quota: "30/minute" admits
 * 30 calls at once and then one every 2 seconds, as users of slowapi and limits expect. With
 * {@code withBurst(10)} it admits 10 at once, then one every 2 seconds.
 *
 * <p>The time between two permits, the <em>emission interval</em>, is {@code period / permits}
 * rounded <em>up</em> to a whole nanosecond, so a limiter never admits more than its nominal rate;
 * the rounding costs at most 1 ns per permit.
 *
 * <p>Immutable and thread-safe; equal limits are {@link #equals equal}.
 */
public final class RateLimit {

  private final long permits;
  private final Duration period;
  private final long burst;
  private final long emissionIntervalNanos;

  private RateLimit(long permits, Duration period, long burst) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be >= 1 but was " + permits);
    }
    long periodNanos = Durations.requirePositive("period", period);
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be >= 1 but was " + burst);
    }
    long interval = ceilDiv(periodNanos, permits);
    if (interval > Long.MAX_VALUE / 4 / burst) {
      throw new IllegalArgumentException(
          "burst " + burst + " at one permit every " + interval + " ns spans more than 73 years");
    }
    this.permits = permits;
    this.period = period;
    this.burst = burst;
    this.emissionIntervalNanos = interval;
  }

  /**
   * Returns {@code permits} per second, burst {@code permits}.
   *
   * @param permits permits per second, at least 1
   * @return the limit
   * @throws IllegalArgumentException if {@code permits < 1}
   */
  public static RateLimit perSecond(long permits) {
    return of(permits, Duration.ofSeconds(1));
  }

  /**
   * Returns {@code permits} per minute, burst {@code permits}.
   *
   * @param permits permits per minute, at least 1
   * @return the limit
   * @throws IllegalArgumentException if {@code permits < 1}
   */
  public static RateLimit perMinute(long permits) {
    return of(permits, Duration.ofMinutes(1));
  }

  /**
   * Returns {@code permits} per hour, burst {@code permits}.
   *
   * @param permits permits per hour, at least 1
   * @return the limit
   * @throws IllegalArgumentException if {@code permits < 1}
   */
  public static RateLimit perHour(long permits) {
    return of(permits, Duration.ofHours(1));
  }

  /**
   * Returns {@code permits} per {@code period}, burst {@code permits}.
   *
   * @param permits permits per period, at least 1
   * @param period the refill period, positive
   * @return the limit
   * @throws IllegalArgumentException if a value is out of range
   */
  public static RateLimit of(long permits, Duration period) {
    return new RateLimit(permits, period, permits);
  }

  /**
   * Parses one limit, such as {@code "100/minute"}, {@code "100 per minute"},
   * {@code "5 per 15 minutes"}, {@code "10/s"} or {@code "100/minute burst 10"}.
   *
   * <p>The grammar (case-insensitive, units second/minute/hour/day with their abbreviations and
   * plurals, an optional burst) is documented on {@link Limits}; without a burst the burst is the
   * count. Use {@link Limits#parse} for a list of limits.
   *
   * @param spec the text
   * @return the limit
   * @throws NullPointerException if {@code spec} is null
   * @throws IllegalArgumentException if {@code spec} is not one valid limit; the message quotes the
   *     offending token and the whole input, e.g. {@code unknown unit 'fortnight' in "5 per fortnight"}
   */
  public static RateLimit parse(String spec) {
    return LimitParser.parseOne(spec);
  }

  /**
   * Returns this limit with another burst capacity.
   *
   * @param burst how many permits may be taken at once from a full bucket, at least 1
   * @return a new limit with the same rate
   * @throws IllegalArgumentException if {@code burst < 1}
   */
  public RateLimit withBurst(long burst) {
    return new RateLimit(permits, period, burst);
  }

  /**
   * Returns the permits refilled per {@link #period()}.
   *
   * @return at least 1
   */
  public long permits() {
    return permits;
  }

  /**
   * Returns the refill period.
   *
   * @return a positive duration
   */
  public Duration period() {
    return period;
  }

  /**
   * Returns the burst capacity: the most permits available at once.
   *
   * @return at least 1
   */
  public long burst() {
    return burst;
  }

  /**
   * Returns the time between two permits at the sustained rate: {@code period / permits}, rounded up.
   *
   * @return nanoseconds, at least 1
   */
  public long emissionIntervalNanos() {
    return emissionIntervalNanos;
  }

  /**
   * Returns the time an empty bucket takes to refill completely: {@code burst * emissionInterval}.
   *
   * @return nanoseconds
   */
  public long refillToFullNanos() {
    return burst * emissionIntervalNanos;
  }

  private static long ceilDiv(long x, long y) {
    long q = x / y;
    return q * y == x ? q : q + 1;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof RateLimit)) {
      return false;
    }
    RateLimit other = (RateLimit) o;
    return permits == other.permits && burst == other.burst && period.equals(other.period);
  }

  @Override
  public int hashCode() {
    return Objects.hash(permits, period, burst);
  }

  /**
   * Returns the limit in the grammar {@link #parse} reads, so {@code parse(limit.toString())} equals
   * {@code limit}: {@code "30/minute"}, {@code "5 per 15 minutes"}, {@code "100/minute burst 10"}
   * (the burst is written only when it differs from the count). The period is written in the largest
   * unit that divides it exactly (day, hour, minute, second, ms, ns): {@code "3 per 500 ms"}.
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder().append(permits);
    long seconds = period.getSeconds();
    int nanos = period.getNano();
    if (nanos == 0 && seconds % 86_400 == 0) {
      appendPeriod(text, seconds / 86_400, "day");
    } else if (nanos == 0 && seconds % 3600 == 0) {
      appendPeriod(text, seconds / 3600, "hour");
    } else if (nanos == 0 && seconds % 60 == 0) {
      appendPeriod(text, seconds / 60, "minute");
    } else if (nanos == 0) {
      appendPeriod(text, seconds, "second");
    } else if (nanos % 1_000_000 == 0) {
      text.append(" per ").append(seconds * 1000 + nanos / 1_000_000).append(" ms");
    } else {
      // Only a period over ~292 years with a sub-millisecond part does not fit: it is written as
      // the longest period in nanoseconds (the limiter's arithmetic saturates there anyway).
      text.append(" per ").append(saturatedNanos()).append(" ns");
    }
    if (burst != permits) {
      text.append(" burst ").append(burst);
    }
    return text.toString();
  }

  private long saturatedNanos() {
    try {
      return period.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static void appendPeriod(StringBuilder text, long count, String unit) {
    if (count == 1) {
      text.append('/').append(unit);
    } else {
      text.append(" per ").append(count).append(' ').append(unit).append('s');
    }
  }
}
