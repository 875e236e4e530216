package dev.bulwark.http.client;

import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.internal.Durations;
import dev.bulwark.core.internal.Preconditions;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.retry.RetryBudget;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link ResilientHttpClient} does for the requests to one host (or one named dependency):
 * attempts, backoff, which statuses to retry and count as failures, whether non-idempotent requests
 * may be retried, how long a server may ask to wait, timeouts, the retry budget, the breaker and
 * the client-side rate limit. Immutable and thread-safe; the stateful objects (budget, breaker,
 * limiter) are created from it once per host by the client.
 *
 * <p>Defaults ({@link #defaults()}), the settings of the reference services:
 * <ul>
 *   <li>{@code maxAttempts} 3 (one call, two retries);
 *   <li>{@code backoff}: exponential from 100 ms, times 2, capped at 10 s, proportional jitter
 *       0.1 (each delay times a factor uniform in [0.9, 1.1)): 100 ms, 200 ms, ...;
 *   <li>{@code retryOnStatus} 429, 500, 502, 503, 504: retried, and counted as failures by the
 *       breaker;
 *   <li>non-idempotent requests are not retried, apart from failures to connect (see
 *       {@link ResilientHttpClient});
 *   <li>{@code maxRetryAfter}: the backoff's cap (10 s): a response asking for a longer wait
 *       ({@code Retry-After}, or an exhausted {@code RateLimit} quota) is returned as is, not
 *       retried;
 *   <li>{@code attemptTimeout} 10 s (until the response's headers arrive), {@code overallTimeout}
 *       30 s (every attempt and wait of one call);
 *   <li>retry budget per host: {@code RetryBudget.percentOfRequests(20, 10, 10 s)} (retries at
 *       most 20% of the calls over 10 s, plus 10 per second), on the client's ticker;
 *   <li>breaker per host: 5 consecutive failures open it for 30 s;
 *   <li>no client-side rate limit.
 * </ul>
 */
public final class HttpPolicy {

  /** The statuses retried by default: 429, 500, 502, 503, 504. */
  public static final Set<Integer> DEFAULT_RETRY_ON_STATUS = Set.of(429, 500, 502, 503, 504);

  /** The default backoff: 100 ms, times 2, capped at 10 s, proportional jitter 0.1. */
  public static final Backoff DEFAULT_BACKOFF =
      Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(10))
          .withProportionalJitter(0.1);

  /** The default breaker: 5 consecutive failures open it for 30 s. */
  public static final CircuitBreakerConfig DEFAULT_BREAKER = CircuitBreakerConfig.builder()
      .trip(TripStrategy.consecutiveFailures(5))
      .openDuration(Backoff.fixed(Duration.ofSeconds(30)))
      .build();

  private static final HttpPolicy DEFAULTS = builder().build();

  private final int maxAttempts;
  private final Backoff backoff;
  private final boolean[] retryStatus;
  private final Set<Integer> retryOnStatus;
  private final boolean retryNonIdempotent;
  private final long maxRetryAfterNanos;
  private final long attemptTimeoutNanos;
  private final long overallTimeoutNanos;
  private final @Nullable Supplier<RetryBudget> retryBudget;
  private final CircuitBreakerConfig breaker;
  private final List<RateLimit> rateLimits;

  private HttpPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts != null ? b.maxAttempts : 3;
    this.backoff = b.backoff != null ? b.backoff : DEFAULT_BACKOFF;
    this.retryOnStatus =
        b.retryOnStatus != null ? b.retryOnStatus : new TreeSet<>(DEFAULT_RETRY_ON_STATUS);
    this.retryStatus = new boolean[600];
    for (int status : retryOnStatus) {
      retryStatus[status] = true;
    }
    this.retryNonIdempotent = b.retryNonIdempotent;
    this.maxRetryAfterNanos =
        b.maxRetryAfter != null ? Durations.toNanosSaturated(b.maxRetryAfter) : backoff.capNanos();
    this.attemptTimeoutNanos =
        b.attemptTimeout != null ? Durations.toNanosSaturated(b.attemptTimeout) : 10_000_000_000L;
    this.overallTimeoutNanos =
        b.overallTimeout != null ? Durations.toNanosSaturated(b.overallTimeout) : 30_000_000_000L;
    this.retryBudget = b.retryBudget;
    this.breaker = b.breaker != null ? b.breaker : DEFAULT_BREAKER;
    this.rateLimits = b.rateLimits != null ? b.rateLimits : List.of();
  }

  /**
   * Returns the policy with every default (see the class documentation).
   *
   * @return the shared default policy
   */
  public static HttpPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Starts a policy with every setting at its default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the attempts per call, the first one included.
   *
   * @return at least 1
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Returns the backoff between attempts.
   *
   * @return the backoff
   */
  public Backoff backoff() {
    return backoff;
  }

  /**
   * Returns the statuses that are retried and that the breaker counts as failures.
   *
   * @return an immutable, sorted set of statuses in [100, 599]
   */
  public Set<Integer> retryOnStatus() {
    return Collections.unmodifiableSet(retryOnStatus);
  }

  /** True if the status is in {@link #retryOnStatus()}; allocation-free. */
  boolean isRetryStatus(int status) {
    return status >= 0 && status < retryStatus.length && retryStatus[status];
  }

  /**
   * Returns whether requests with a non-idempotent method (POST, PATCH, ...) are retried like
   * idempotent ones.
   *
   * @return false by default
   */
  public boolean retryNonIdempotent() {
    return retryNonIdempotent;
  }

  /**
   * Returns the longest wait a server may ask for through {@code Retry-After} or an exhausted
   * {@code RateLimit} quota; a response asking for more is returned, not retried.
   *
   * @return the limit; unless set, the backoff's cap
   */
  public Duration maxRetryAfter() {
    return Duration.ofNanos(maxRetryAfterNanos);
  }

  long maxRetryAfterNanos() {
    return maxRetryAfterNanos;
  }

  /**
   * Returns the time limit of one attempt, until its response's headers arrive (the JDK client's
   * request timeout). A request that sets its own timeout keeps it instead.
   *
   * @return the limit
   */
  public Duration attemptTimeout() {
    return Duration.ofNanos(attemptTimeoutNanos);
  }

  long attemptTimeoutNanos() {
    return attemptTimeoutNanos;
  }

  /**
   * Returns the time limit of a whole call: every attempt and every wait between attempts.
   *
   * @return the limit
   */
  public Duration overallTimeout() {
    return Duration.ofNanos(overallTimeoutNanos);
  }

  long overallTimeoutNanos() {
    return overallTimeoutNanos;
  }

  /**
   * Returns the factory of each host's retry budget.
   *
   * @return the factory, or empty for the default ({@code percentOfRequests(20, 10, 10 s)} on the
   *     client's ticker)
   */
  public Optional<Supplier<RetryBudget>> retryBudget() {
    return Optional.ofNullable(retryBudget);
  }

  /**
   * Returns the configuration of each host's breaker. Its {@code recordResult} rule is replaced by
   * the client's: a response whose status is in {@link #retryOnStatus()} is a failure.
   *
   * @return the breaker configuration
   */
  public CircuitBreakerConfig circuitBreaker() {
    return breaker;
  }

  /**
   * Returns the client-side rate limits of each host.
   *
   * @return an immutable list, empty for none
   */
  public List<RateLimit> rateLimits() {
    return rateLimits;
  }

  @Override
  public String toString() {
    return "HttpPolicy[maxAttempts=" + maxAttempts + ", backoff=" + backoff + ", retryOnStatus="
        + retryOnStatus + ", retryNonIdempotent=" + retryNonIdempotent + ", maxRetryAfter="
        + maxRetryAfter() + ", attemptTimeout=" + attemptTimeout() + ", overallTimeout="
        + overallTimeout() + ", rateLimits=" + rateLimits + "]";
  }

  /**
   * Configures an {@link HttpPolicy}. Each setting may be made once (a second call throws
   * {@link IllegalStateException}); the order of calls never matters. Not thread-safe.
   */
  public static final class Builder {

    private @Nullable Integer maxAttempts;
    private @Nullable Backoff backoff;
    private @Nullable Set<Integer> retryOnStatus;
    private boolean retryNonIdempotent;
    private @Nullable Duration maxRetryAfter;
    private @Nullable Duration attemptTimeout;
    private @Nullable Duration overallTimeout;
    private @Nullable Supplier<RetryBudget> retryBudget;
    private @Nullable CircuitBreakerConfig breaker;
    private @Nullable List<RateLimit> rateLimits;

    private Builder() {}

    /**
     * Sets the attempts per call, the first one included: 3 means one call and two retries.
     *
     * @param maxAttempts at least 1 (1 disables retrying)
     * @return this builder
     * @throws IllegalArgumentException if {@code maxAttempts} is below 1
     * @throws IllegalStateException if it was already set
     */
    public Builder maxAttempts(int maxAttempts) {
      Preconditions.requireAtLeastOne("maxAttempts", maxAttempts);
      this.maxAttempts = Preconditions.setOnce("maxAttempts", this.maxAttempts, maxAttempts);
      return this;
    }

    /**
     * Sets the backoff between attempts; a longer server hint wins (see
     * {@link #maxRetryAfter(Duration)}).
     *
     * @param backoff the backoff
     * @return this builder
     * @throws IllegalStateException if it was already set
     */
    public Builder backoff(Backoff backoff) {
      this.backoff = Preconditions.setOnce("backoff", this.backoff, backoff);
      return this;
    }

    /**
     * Sets the statuses that are retried and that the breaker counts as failures.
     *
     * @param statuses statuses in [100, 599]; empty retries no status and counts none as failure
     * @return this builder
     * @throws IllegalArgumentException if a status is outside [100, 599]
     * @throws IllegalStateException if it was already set
     */
    public Builder retryOnStatus(Collection<Integer> statuses) {
      Objects.requireNonNull(statuses, "retryOnStatus");
      TreeSet<Integer> copy = new TreeSet<>();
      for (Integer status : statuses) {
        Objects.requireNonNull(status, "retryOnStatus element");
        if (status < 100 || status > 599) {
          throw new IllegalArgumentException(
              "retryOnStatus must hold statuses in [100, 599] but held " + status);
        }
        copy.add(status);
      }
      this.retryOnStatus = Preconditions.setOnce("retryOnStatus", this.retryOnStatus, copy);
      return this;
    }

    /**
     * Sets the statuses that are retried and that the breaker counts as failures.
     *
     * @param statuses statuses in [100, 599]
     * @return this builder
     * @throws IllegalArgumentException if a status is outside [100, 599]
     * @throws IllegalStateException if it was already set
     */
    public Builder retryOnStatus(int... statuses) {
      Objects.requireNonNull(statuses, "retryOnStatus");
      return retryOnStatus(Arrays.stream(statuses).boxed().toList());
    }

    /**
     * Retries requests with a non-idempotent method (POST, PATCH, CONNECT or any unknown method)
     * like idempotent ones: on every retryable status and I/O failure. Only for a dependency whose
     * API makes such requests safe to repeat; a single request can say so with an
     * {@code Idempotency-Key} header instead.
     *
     * @return this builder
     * @throws IllegalStateException if it was already set
     */
    public Builder retryNonIdempotent() {
      Preconditions.requireUnset("retryNonIdempotent", retryNonIdempotent, true);
      this.retryNonIdempotent = true;
      return this;
    }

    /**
     * Sets the longest wait a server may ask for ({@code Retry-After}, or the reset time of an
     * exhausted {@code RateLimit} quota). A retryable response asking for more is returned to the
     * caller at once, not retried; a wait that would reach the end of the
     * {@link #overallTimeout(Duration) overall timeout} ends the call the same way.
     *
     * @param maxRetryAfter zero or more (zero: never wait longer than the backoff asks); default
     *     the backoff's cap ({@link Backoff#capNanos()}), 10 s for {@link HttpPolicy#DEFAULT_BACKOFF}
     * @return this builder
     * @throws IllegalArgumentException if it is negative
     * @throws IllegalStateException if it was already set
     */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      Durations.requireNonNegative("maxRetryAfter", maxRetryAfter);
      this.maxRetryAfter = Preconditions.setOnce("maxRetryAfter", this.maxRetryAfter, maxRetryAfter);
      return this;
    }

    /**
     * Sets the time limit of one attempt, until its response's headers arrive: the JDK client's
     * request timeout, which fails the attempt with {@link java.net.http.HttpTimeoutException}
     * (retried). A request built with its own timeout keeps it.
     *
     * @param attemptTimeout a positive duration
     * @return this builder
     * @throws IllegalArgumentException if it is zero or negative
     * @throws IllegalStateException if it was already set
     */
    public Builder attemptTimeout(Duration attemptTimeout) {
      Durations.requirePositive("attemptTimeout", attemptTimeout);
      this.attemptTimeout =
          Preconditions.setOnce("attemptTimeout", this.attemptTimeout, attemptTimeout);
      return this;
    }

    /**
     * Sets the time limit of a whole call: no wait between attempts reaches past it (the call
     * then ends with the last outcome), and each attempt's timeout is cut to what is left of it.
     *
     * @param overallTimeout a positive duration
     * @return this builder
     * @throws IllegalArgumentException if it is zero or negative
     * @throws IllegalStateException if it was already set
     */
    public Builder overallTimeout(Duration overallTimeout) {
      Durations.requirePositive("overallTimeout", overallTimeout);
      this.overallTimeout =
          Preconditions.setOnce("overallTimeout", this.overallTimeout, overallTimeout);
      return this;
    }

    /**
     * Sets how each host's retry budget is made: the client calls the factory once per host. A
     * factory that returns one shared budget makes every host of the client share it.
     *
     * @param retryBudget returns a budget; must not return null
     * @return this builder
     * @throws IllegalStateException if it was already set
     */
    public Builder retryBudget(Supplier<RetryBudget> retryBudget) {
      this.retryBudget = Preconditions.setOnce("retryBudget", this.retryBudget, retryBudget);
      return this;
    }

    /**
     * Sets the configuration of each host's circuit breaker. Its {@code recordResult} rule is
     * replaced: a response whose status is in {@link #retryOnStatus(Collection)} is a failure, and
     * every exception is one unless the configuration says otherwise.
     *
     * @param config the breaker configuration
     * @return this builder
     * @throws IllegalStateException if it was already set
     */
    public Builder circuitBreaker(CircuitBreakerConfig config) {
      this.breaker = Preconditions.setOnce("circuitBreaker", this.breaker, config);
      return this;
    }

    /**
     * Sets a client-side rate limit per host, so that the client stays under a provider's
     * published quota: each attempt takes a permit, and an attempt over the limit fails at once
     * with {@link dev.bulwark.ratelimit.RateLimitExceededException} (not retried, not sent).
     *
     * @param limits one or more limits, all enforced together
     * @return this builder
     * @throws IllegalArgumentException if no limit is given
     * @throws IllegalStateException if it was already set
     */
    public Builder rateLimit(RateLimit... limits) {
      Objects.requireNonNull(limits, "rateLimit");
      if (limits.length == 0) {
        throw new IllegalArgumentException("rateLimit needs at least one limit");
      }
      this.rateLimits = Preconditions.setOnce("rateLimit", this.rateLimits, List.of(limits));
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return a new, immutable policy
     * @throws IllegalStateException if {@code attemptTimeout} exceeds {@code overallTimeout} when
     *     both were set
     */
    public HttpPolicy build() {
      Duration attempt = attemptTimeout;
      Duration overall = overallTimeout;
      if (attempt != null && overall != null && attempt.compareTo(overall) > 0) {
        throw new IllegalStateException(
            "attemptTimeout (" + attempt + ") exceeds overallTimeout (" + overall + ")");
      }
      return new HttpPolicy(this);
    }
  }
}
