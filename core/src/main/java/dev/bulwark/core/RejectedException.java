package dev.bulwark.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown when a Bulwark policy refuses to run a call at all: a rate limit is exhausted, a circuit is
 * open, a concurrency limit is full.
 *
 * <p>Rejections are a normal, cheap outcome under overload, so these exceptions do not fill in a
 * stack trace. Retry does not retry them unless configured to. {@link #retryAfterNanos()} tells the
 * caller when trying again can succeed.
 */
public abstract class RejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Value of {@link #retryAfterNanos()} when no time is known. */
  public static final long UNKNOWN = -1L;

  /** The name of the primitive that rejected the call. */
  private final String source;

  /** Nanoseconds until a retry may succeed, {@link Long#MAX_VALUE} for never, or {@link #UNKNOWN}. */
  private final long retryAfterNanos;

  /**
   * Creates a rejection.
   *
   * @param message the detail message
   * @param source the name of the primitive that rejected the call
   * @param retryAfterNanos nanoseconds until a retry may succeed, {@link Long#MAX_VALUE} for never,
   *     or {@link #UNKNOWN}
   */
  protected RejectedException(String message, String source, long retryAfterNanos) {
    super(message, null, false, false);
    this.source = Objects.requireNonNull(source, "source");
    if (retryAfterNanos < UNKNOWN) {
      throw new IllegalArgumentException("retryAfterNanos must be >= -1 but was " + retryAfterNanos);
    }
    this.retryAfterNanos = retryAfterNanos;
  }

  /**
   * Returns the name of the primitive that rejected the call.
   *
   * @return the limiter or breaker name
   */
  public String source() {
    return source;
  }

  /**
   * Returns how long to wait before a retry may succeed.
   *
   * @return nanoseconds; {@link Long#MAX_VALUE} if a retry can never succeed (for example more
   *     permits than the limit's capacity); {@link #UNKNOWN} if unknown
   */
  public long retryAfterNanos() {
    return retryAfterNanos;
  }

  /**
   * Returns {@link #retryAfterNanos()} as a duration; subclasses that compute the wait lazily
   * override only {@link #retryAfterNanos()}.
   *
   * @return the wait, or {@link Duration#ZERO} if unknown
   */
  public Duration retryAfter() {
    long nanos = retryAfterNanos();
    return nanos < 0 ? Duration.ZERO : Duration.ofNanos(nanos);
  }
}
