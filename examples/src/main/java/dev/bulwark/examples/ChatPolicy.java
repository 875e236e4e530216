package dev.bulwark.examples;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings of {@code POST /api/chat}'s pipeline, {@code Pipeline.of(timeout, retry, breaker)}
 * around the {@link SimulatedUpstream}: the timeout bounds everything, each retry attempt passes the
 * breaker, and an open breaker fails the request at once (rejections are not retried).
 *
 * @param timeout the bound on the whole call, retries and backoff included
 * @param maxAttempts attempts per request, the first included
 * @param initialBackoff the delay before the first retry
 * @param backoffMultiplier the factor between consecutive delays, at least 1
 * @param maxBackoff the cap on a delay before jitter
 * @param jitter the proportional jitter: each delay {@code d} becomes {@code d * (1 + U(-j, j))}
 * @param failureThreshold consecutive failures that open the breaker
 * @param successThreshold consecutive trial successes that close a half-open breaker
 * @param openDuration how long an open breaker rejects calls before it lets trials through
 * @param maxHalfOpenCalls trial calls in flight at once while half-open
 */
public record ChatPolicy(
    Duration timeout,
    int maxAttempts,
    Duration initialBackoff,
    double backoffMultiplier,
    Duration maxBackoff,
    double jitter,
    int failureThreshold,
    int successThreshold,
    Duration openDuration,
    int maxHalfOpenCalls) {

  /**
   * The demo's pipeline: timeout 30 s; retry 3 attempts, 100 ms times 2 capped at 10 s, jitter 10%;
   * breaker failureThreshold 5, successThreshold 2, open 30 s, maxHalfOpenCalls 5.
   */
  public static final ChatPolicy DEFAULT =
      new ChatPolicy(
          Duration.ofSeconds(30), 3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(10), 0.1,
          5, 2, Duration.ofSeconds(30), 5);

  /**
   * Validates the settings.
   *
   * @param timeout the bound on the whole call, retries and backoff included
   * @param maxAttempts attempts per request, the first included
   * @param initialBackoff the delay before the first retry
   * @param backoffMultiplier the factor between consecutive delays, at least 1
   * @param maxBackoff the cap on a delay before jitter
   * @param jitter the proportional jitter: each delay {@code d} becomes {@code d * (1 + U(-j, j))}
   * @param failureThreshold consecutive failures that open the breaker
   * @param successThreshold consecutive trial successes that close a half-open breaker
   * @param openDuration how long an open breaker rejects calls before it lets trials through
   * @param maxHalfOpenCalls trial calls in flight at once while half-open
   * @throws NullPointerException if a duration is null
   * @throws IllegalArgumentException if a value is out of range
   */
  public ChatPolicy {
    requirePositive("timeout", timeout);
    requirePositive("initialBackoff", initialBackoff);
    requirePositive("maxBackoff", maxBackoff);
    requirePositive("openDuration", openDuration);
    requireAtLeastOne("maxAttempts", maxAttempts);
    requireAtLeastOne("failureThreshold", failureThreshold);
    requireAtLeastOne("successThreshold", successThreshold);
    requireAtLeastOne("maxHalfOpenCalls", maxHalfOpenCalls);
    if (!(backoffMultiplier >= 1.0 && backoffMultiplier <= 100.0)) {
      throw new IllegalArgumentException("backoffMultiplier must be in [1, 100] but was " + backoffMultiplier);
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new IllegalArgumentException("jitter must be in [0, 1] but was " + jitter);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff must be >= initialBackoff (" + initialBackoff + ") but was " + maxBackoff);
    }
  }

  /**
   * Returns these settings with another open duration, e.g. a shorter one so that a short scenario
   * shows the breaker closing again.
   *
   * @param duration a positive duration
   * @return new settings
   * @throws NullPointerException if {@code duration} is null
   * @throws IllegalArgumentException if {@code duration} is not positive
   */
  public ChatPolicy withOpenDuration(Duration duration) {
    return new ChatPolicy(
        timeout, maxAttempts, initialBackoff, backoffMultiplier, maxBackoff, jitter,
        failureThreshold, successThreshold, duration, maxHalfOpenCalls);
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive but was " + value);
    }
  }

  private static void requireAtLeastOne(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1 but was " + value);
    }
  }
}
