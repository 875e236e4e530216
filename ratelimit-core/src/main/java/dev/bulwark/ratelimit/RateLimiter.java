package dev.bulwark.ratelimit;

import dev.bulwark.core.Policy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Admits at most a configured rate of permits: {@code tryAcquire()} says yes or no at once.
 *
 * <pre>{@code
 * RateLimiter limiter = RateLimiter.builder(RateLimit.parse("30/minute")).name("search").build();
 * if (!limiter.tryAcquire()) {
 *   return tooManyRequests();
 * }
 * }</pre>
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@link #tryAcquire(int)} grants all the permits or none; it never blocks and, for the
 *       default token bucket, never allocates.
 *   <li>A request for more permits than the burst is refused at once, whatever the state: no amount
 *       of waiting could grant it (unlike Guava, which grants a huge request on a fresh limiter).
 *   <li>With several limits ("200/minute and 1000/hour") a request is granted only if every limit
 *       grants it; when one refuses, none is consumed.
 *   <li>{@link #acquire(int, Duration)} waits (through the injected {@link dev.bulwark.core.Sleeper})
 *       only when the needed wait is at most {@code maxWait}; otherwise it returns {@code false} at
 *       once: a rejected caller never sits out its timeout.
 *   <li>As a {@link Policy} it takes one permit per call and throws
 *       {@link RateLimitExceededException} (carrying the retry-after) when refused.
 * </ul>
 *
 * <p>Implementations are thread-safe and lock-free on the common path.
 */
public interface RateLimiter extends Policy {

  /**
   * Takes one permit if available now.
   *
   * @return whether the permit was granted
   */
  boolean tryAcquire();

  /**
   * Takes {@code permits} permits if all are available now.
   *
   * @param permits how many, at least 1
   * @return whether they were granted; {@code false} at once if {@code permits} exceeds the burst
   * @throws IllegalArgumentException if {@code permits < 1}
   */
  boolean tryAcquire(int permits);

  /**
   * Takes {@code permits} permits if available now and describes the decision, with what the
   * {@code RateLimit} and {@code Retry-After} headers need. Allocates the decision.
   *
   * @param permits how many, at least 1
   * @return the decision
   * @throws IllegalArgumentException if {@code permits < 1}
   */
  RateLimitDecision tryAcquireDecision(int permits);

  /**
   * Describes what {@link #tryAcquireDecision(int)} would decide now, without consuming anything.
   *
   * @param permits how many, at least 1
   * @return the decision
   * @throws IllegalArgumentException if {@code permits < 1}
   */
  RateLimitDecision peek(int permits);

  /**
   * Takes {@code permits} permits, waiting for them if the wait is at most {@code maxWait}.
   *
   * <p>If the permits are not available within {@code maxWait}, returns {@code false} at once without
   * waiting and without consuming. Otherwise the token bucket books the permits and sleeps until they
   * are due (so waiting callers are served in order); window algorithms sleep until the next chance
   * and try again, never beyond {@code maxWait}.
   *
   * @param permits how many, at least 1
   * @param maxWait the longest acceptable wait; zero means "only if available now"
   * @return whether the permits were granted
   * @throws IllegalArgumentException if {@code permits < 1} or {@code maxWait} is negative
   * @throws InterruptedException if interrupted while waiting; booked permits are given back
   */
  boolean acquire(int permits, Duration maxWait) throws InterruptedException;

  /**
   * Returns the limits this limiter enforces, in the order given to the builder.
   *
   * @return an immutable list of at least one limit
   */
  List<RateLimit> limits();

  /**
   * Returns the limiter's name, used in exceptions, events and metrics.
   *
   * @return the name
   */
  String name();

  /**
   * Returns this limiter's decision counts, the statistics view of every rate limiter: present only
   * if the limiter was built with {@code recordStats()} on its builder (each decision then costs one
   * more uncontended atomic increment, still no allocation); otherwise empty, and it never becomes
   * present. Every call returns the same instance.
   *
   * @return the live counts, or empty if the limiter was built without statistics (or this
   *     implementation keeps none)
   */
  default Optional<DecisionCounts> stats() {
    return Optional.empty();
  }

  /**
   * Starts building a limiter.
   *
   * @param limits one or more limits, all enforced together
   * @return a builder
   * @throws NullPointerException if {@code limits} or an element is null
   * @throws IllegalArgumentException if {@code limits} is empty
   */
  static RateLimiterBuilder builder(RateLimit... limits) {
    return new RateLimiterBuilder(List.of(limits));
  }

  /**
   * Starts building a limiter.
   *
   * @param limits one or more limits, all enforced together
   * @return a builder
   * @throws NullPointerException if {@code limits} or an element is null
   * @throws IllegalArgumentException if {@code limits} is empty
   */
  static RateLimiterBuilder builder(List<RateLimit> limits) {
    return new RateLimiterBuilder(List.copyOf(limits));
  }
}
