package dev.bulwark.retry;

import dev.bulwark.core.internal.Durations;
import dev.bulwark.core.Ticker;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits retries across many calls, and usually across many {@link Retry} instances, so that an
 * outage does not turn every call into {@code maxAttempts} calls: the retry storm that keeps a
 * struggling service down. When the budget is spent, a failed call fails at once instead of retrying.
 *
 * <p>Two kinds:
 * <ul>
 *   <li>{@link #tokenBucket(int, double)}: gRPC retry throttling. The budget starts with
 *       {@code maxTokens} tokens; each attempt that fails with a retryable outcome takes one token,
 *       each successful attempt gives back {@code tokenRatio} (never above {@code maxTokens}), and
 *       retries are allowed only while more than {@code maxTokens / 2} tokens remain. A healthy service
 *       keeps the bucket full; a failing one drains it to the half-way mark within a few failures, and
 *       then only successes re-open retries.
 *   <li>{@link #percentOfRequests(int, int, Duration, Ticker)}: Finagle's budget. Over a sliding
 *       {@code window}, retries may be at most {@code percent}% of the calls, plus
 *       {@code minRetriesPerSecond * window} retries always allowed so that low-traffic clients still
 *       retry.
 * </ul>
 *
 * <p>{@link Retry} calls the four methods itself: {@link #recordCall()} once per call,
 * {@link #recordSuccess()} or {@link #recordFailure()} after each attempt whose outcome is a success
 * or a retryable failure (non-retryable failures and aborts record nothing), and
 * {@link #tryAcquireRetry()} before each retry. Call them yourself only to account for calls made
 * without a Retry.
 *
 * <p>Implementations are thread-safe and lock-free, and allocate nothing.
 */
public sealed interface RetryBudget permits TokenBucketRetryBudget, PercentRetryBudget {

  /**
   * Returns a gRPC-style token bucket budget (see the class documentation).
   *
   * <p>Tokens are kept in thousandths, like gRPC: {@code tokenRatio} is rounded to three decimals.
   *
   * @param maxTokens the bucket's capacity and initial content, in [1, 1,000,000]; gRPC allows up
   *     to 1000
   * @param tokenRatio the tokens returned by each success, in [0.001, maxTokens]; gRPC's default
   *     service config uses 0.1
   * @return a new budget, full
   * @throws IllegalArgumentException if a value is out of range
   */
  static RetryBudget tokenBucket(int maxTokens, double tokenRatio) {
    if (maxTokens < 1 || maxTokens > 1_000_000) {
      throw new IllegalArgumentException(
          "maxTokens must be in [1, 1000000] but was " + maxTokens);
    }
    if (!(tokenRatio >= 0.001 && tokenRatio <= maxTokens)) {
      throw new IllegalArgumentException(
          "tokenRatio must be in [0.001, maxTokens] but was " + tokenRatio);
    }
    return new TokenBucketRetryBudget(maxTokens, tokenRatio);
  }

  /**
   * Returns a Finagle-style budget on the system ticker.
   *
   * @param percent the retries allowed per 100 calls, in [0, 1000]; Finagle's default is 20
   * @param minRetriesPerSecond retries always allowed per second of the window, at least 0; Finagle's
   *     default is 10
   * @param window how long a call or a retry counts, at least 1 second; Finagle's default is 10
   *     seconds
   * @return a new budget
   * @throws IllegalArgumentException if a value is out of range
   * @see #percentOfRequests(int, int, Duration, Ticker)
   */
  static RetryBudget percentOfRequests(int percent, int minRetriesPerSecond, Duration window) {
    return percentOfRequests(percent, minRetriesPerSecond, window, Ticker.system());
  }

  /**
   * Returns a Finagle-style budget: over the last {@code window}, a retry is allowed while
   * {@code retries + 1 <= calls * percent / 100 + minRetriesPerSecond * windowSeconds}.
   *
   * <p>The window slides in tenths: a call or retry stops counting between 0.9 and 1.0
   * {@code window} after it happened.
   *
   * @param percent the retries allowed per 100 calls, in [0, 1000]
   * @param minRetriesPerSecond retries always allowed per second of the window, at least 0
   * @param window how long a call or a retry counts, at least 1 second
   * @param ticker the clock
   * @return a new budget
   * @throws IllegalArgumentException if a value is out of range
   */
  static RetryBudget percentOfRequests(
      int percent, int minRetriesPerSecond, Duration window, Ticker ticker) {
    if (percent < 0 || percent > 1000) {
      throw new IllegalArgumentException("percent must be in [0, 1000] but was " + percent);
    }
    if (minRetriesPerSecond < 0) {
      throw new IllegalArgumentException(
          "minRetriesPerSecond must be >= 0 but was " + minRetriesPerSecond);
    }
    long windowNanos = Durations.requirePositive("window", window);
    if (windowNanos < 1_000_000_000L) {
      throw new IllegalArgumentException("window must be at least 1 second but was " + window);
    }
    Objects.requireNonNull(ticker, "ticker");
    return new PercentRetryBudget(percent, minRetriesPerSecond, windowNanos, ticker);
  }

  /** Counts a call (its first attempt). Only the percentage budget uses this. */
  void recordCall();

  /** Counts an attempt that succeeded. Only the token bucket uses this. */
  void recordSuccess();

  /** Counts an attempt that failed with a retryable outcome. Only the token bucket uses this. */
  void recordFailure();

  /**
   * Asks to retry once. A percentage budget counts the retry when it allows it; a token bucket only
   * looks at its tokens (the failure that led here was already counted).
   *
   * @return true if the retry may go ahead
   */
  boolean tryAcquireRetry();
}
