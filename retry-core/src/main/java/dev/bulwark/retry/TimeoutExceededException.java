package dev.bulwark.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * Thrown (sync) or completing the stage (async) when a {@link Timeout} expires before its call
 * completes.
 *
 * <p>A {@link TimeoutException}, not a {@link dev.bulwark.core.RejectedException}: the call was
 * started and took too long, it was not refused. Being a {@code TimeoutException}, it is retried by
 * {@link Retry#defaultRetryOn()} when the timeout sits inside the retry (a per-attempt timeout,
 * {@code Pipeline.of(retry, timeout)}); as the outermost policy the timeout ends the retry itself,
 * which therefore never sees this exception.
 */
public final class TimeoutExceededException extends TimeoutException {

  private static final long serialVersionUID = 1L;

  /** The name of the timeout that expired. */
  private final String source;

  /** The timeout that expired, in nanoseconds. */
  private final long timeoutNanos;

  /**
   * Creates the exception.
   *
   * @param source the name of the timeout that expired
   * @param timeout the timeout
   */
  public TimeoutExceededException(String source, Duration timeout) {
    super("timeout '" + source + "' of " + timeout + " exceeded");
    this.source = Objects.requireNonNull(source, "source");
    this.timeoutNanos = timeout.toNanos();
  }

  /**
   * Returns the name of the timeout that expired.
   *
   * @return the name
   */
  public String source() {
    return source;
  }

  /**
   * Returns the timeout that expired.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return Duration.ofNanos(timeoutNanos);
  }
}
