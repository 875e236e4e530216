package dev.bulwark.circuitbreaker;

import dev.bulwark.core.RejectedException;
import dev.bulwark.core.Ticker;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a {@link CircuitBreaker} rejects a call: it is {@link CircuitState#OPEN OPEN},
 * {@link CircuitState#FORCED_OPEN FORCED_OPEN}, or {@link CircuitState#HALF_OPEN HALF_OPEN} with all
 * its trial calls in flight. {@link #source()} names the breaker.
 *
 * <p><b>One instance per state.</b> The breaker creates this exception once, when it enters the
 * rejecting state, and throws the same instance to every caller it rejects in that state: rejecting a
 * call allocates nothing. Like every {@link RejectedException} it has no stack trace and no
 * suppressed exceptions; do not mutate it (for example with {@link #initCause}).
 *
 * <p><b>Retry-after.</b> For an OPEN breaker, {@link #retryAfterNanos()} is computed when you call it:
 * the time left until the open duration ends, read from the breaker's {@link Ticker}, and 0 once it
 * has ended (the next call will be a trial). A deserialized copy, which has lost the ticker, reports
 * the whole open duration. FORCED_OPEN and a full HALF_OPEN report {@link #UNKNOWN}.
 */
public final class CircuitOpenException extends RejectedException {

  private static final long serialVersionUID = 1L;

  /** The state that rejected the call. */
  private final CircuitState state;

  /** The ticker reading when the breaker opened; meaningful only with {@link #ticker}. */
  private final long openedAtNanos;

  /** The breaker's clock, to compute the remaining open time; absent after deserialization. */
  private final transient @Nullable Ticker ticker;

  private CircuitOpenException(
      String message,
      String breaker,
      CircuitState state,
      long retryAfterNanos,
      long openedAtNanos,
      @Nullable Ticker ticker) {
    super(message, breaker, retryAfterNanos);
    this.state = state;
    this.openedAtNanos = openedAtNanos;
    this.ticker = ticker;
  }

  /** The rejection of a breaker that opened at {@code openedAtNanos} for {@code durationNanos}. */
  static CircuitOpenException open(String breaker, long durationNanos, long openedAtNanos, Ticker ticker) {
    String message =
        "circuit breaker '" + breaker + "' is OPEN (open duration " + Duration.ofNanos(durationNanos) + ")";
    return new CircuitOpenException(message, breaker, CircuitState.OPEN, durationNanos, openedAtNanos, ticker);
  }

  /** The rejection of a HALF_OPEN breaker whose {@code maxTrials} trial calls are all in flight. */
  static CircuitOpenException halfOpenFull(String breaker, int maxTrials) {
    String message =
        "circuit breaker '" + breaker + "' is HALF_OPEN and all " + maxTrials + " trial calls are in flight";
    return new CircuitOpenException(message, breaker, CircuitState.HALF_OPEN, UNKNOWN, 0L, null);
  }

  /** The rejection of a FORCED_OPEN breaker. */
  static CircuitOpenException forcedOpen(String breaker) {
    String message = "circuit breaker '" + breaker + "' is FORCED_OPEN";
    return new CircuitOpenException(message, breaker, CircuitState.FORCED_OPEN, UNKNOWN, 0L, null);
  }

  /**
   * Returns the state that rejected the call.
   *
   * @return {@link CircuitState#OPEN}, {@link CircuitState#HALF_OPEN} or {@link CircuitState#FORCED_OPEN}
   */
  public CircuitState state() {
    return state;
  }

  /**
   * Returns how long until the breaker lets a trial call through.
   *
   * @return for OPEN, the nanoseconds left of the open duration now (0 once it has elapsed);
   *     {@link #UNKNOWN} for FORCED_OPEN and a full HALF_OPEN
   */
  @Override
  public long retryAfterNanos() {
    Ticker t = ticker;
    if (t == null) {
      return super.retryAfterNanos();
    }
    long left = super.retryAfterNanos() - (t.read() - openedAtNanos);
    return left > 0 ? left : 0L;
  }
}
