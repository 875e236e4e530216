package dev.bulwark.ratelimit.redis;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.internal.Durations;
import dev.bulwark.core.Ticker;
import dev.bulwark.core.internal.Preconditions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import redis.clients.jedis.UnifiedJedis;

/**
 * The settings both Redis limiter builders share, with their checks: set-once (a second call is an
 * {@link IllegalStateException} naming the value already set), NPE naming a null setting, IAE naming
 * a bad value, and the cross-field rules in {@link #check}. Not thread-safe, like the builders.
 */
final class CommonSettings {

  /** Consecutive failed Redis calls that open the default circuit breaker. */
  static final int DEFAULT_BREAKER_FAILURES = 3;

  /** How long the default circuit breaker stays open before a trial call. */
  static final Duration DEFAULT_BREAKER_OPEN = Duration.ofSeconds(1);

  /** The default bound on asynchronous Redis calls in flight, per limiter. */
  static final int DEFAULT_MAX_CALLS_IN_FLIGHT = 64;

  private final String defaultName;
  private final String prefixRoot;
  private @Nullable String name;
  private @Nullable String keyPrefix;
  private @Nullable FailurePolicy failurePolicy;
  private int expectedInstances;
  private @Nullable Duration callTimeout;
  private @Nullable CircuitBreaker circuitBreaker;
  private @Nullable Ticker ticker;
  private @Nullable Ticker serverClock;
  private @Nullable Executor asyncExecutor;
  private int maxCallsInFlight;
  private @Nullable Boolean combineSynchronousCalls;
  private final List<RedisFallbackListener> fallbackListeners = new ArrayList<>();

  /**
   * @param defaultName the limiter's name when only the key prefix is set
   * @param prefixRoot the default key prefix is {@code prefixRoot + name + ":"}
   */
  CommonSettings(String defaultName, String prefixRoot) {
    this.defaultName = defaultName;
    this.prefixRoot = prefixRoot;
  }

  void name(String name) {
    this.name = Preconditions.setNameOnce(this.name, name);
  }

  void keyPrefix(String keyPrefix) {
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    requireNoBraces("keyPrefix", keyPrefix);
    this.keyPrefix = Preconditions.setOnce("keyPrefix", this.keyPrefix, keyPrefix);
  }

  void failurePolicy(FailurePolicy policy) {
    this.failurePolicy = Preconditions.setOnce("failurePolicy", this.failurePolicy, policy);
  }

  void expectedInstances(int instances) {
    Preconditions.requireAtLeastOne("expectedInstances", instances);
    Preconditions.requireUnset("expectedInstances", expectedInstances != 0, expectedInstances);
    this.expectedInstances = instances;
  }

  void callTimeout(Duration timeout) {
    Durations.requirePositive("callTimeout", timeout);
    this.callTimeout = Preconditions.setOnce("callTimeout", this.callTimeout, timeout);
  }

  void circuitBreaker(CircuitBreaker breaker) {
    this.circuitBreaker = Preconditions.setOnce("circuitBreaker", this.circuitBreaker, breaker);
  }

  void ticker(Ticker ticker) {
    this.ticker = Preconditions.setOnce("ticker", this.ticker, ticker);
  }

  void serverClockForTesting(Ticker clock) {
    this.serverClock = Preconditions.setOnce("serverClockForTesting", this.serverClock, clock);
  }

  void asyncExecutor(Executor executor) {
    this.asyncExecutor = Preconditions.setOnce("asyncExecutor", this.asyncExecutor, executor);
  }

  void maxCallsInFlight(int calls) {
    Preconditions.requireAtLeastOne("maxCallsInFlight", calls);
    Preconditions.requireUnset("maxCallsInFlight", maxCallsInFlight != 0, maxCallsInFlight);
    this.maxCallsInFlight = calls;
  }

  void combineSynchronousCalls(boolean combine) {
    this.combineSynchronousCalls =
        Preconditions.setOnce("combineSynchronousCalls", this.combineSynchronousCalls, combine);
  }

  /**
   * The runner of the limiter's scripts: asynchronous calls are combined whenever the client allows
   * it, synchronous ones only when asked to.
   */
  CombiningRunner runner(UnifiedJedis redis, AsyncCalls async) {
    boolean sync = combineSynchronousCalls != null && combineSynchronousCalls;
    return new CombiningRunner(redis, sync, ticker(), callTimeoutNanos(), async.executor());
  }

  /**
   * The asynchronous path's executor and bound; nothing runs until an async decision is made. The
   * default executor has {@link CombiningRunner#MAX_SENDERS} threads when calls are combined (at
   * most that many flushes run at a time), else one per call in flight.
   */
  AsyncCalls async(UnifiedJedis redis) {
    int max = maxCallsInFlight != 0 ? maxCallsInFlight : DEFAULT_MAX_CALLS_IN_FLIGHT;
    return new AsyncCalls(
        asyncExecutor, max, CombiningRunner.supportsCombining(redis) ? CombiningRunner.MAX_SENDERS : max);
  }

  void fallbackListener(RedisFallbackListener listener) {
    fallbackListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Runs the cross-field rules.
   *
   * @throws IllegalStateException if neither name nor keyPrefix is set, FALLBACK_LOCAL lacks
   *     expectedInstances, another policy has it, or the derived key prefix holds a brace
   */
  void check() {
    if (name == null && keyPrefix == null) {
      throw new IllegalStateException(
          "set name or keyPrefix: limiters that share them share their Redis keys, so each limit"
              + " needs its own");
    }
    FailurePolicy policy = failurePolicy();
    if (policy == FailurePolicy.FALLBACK_LOCAL && expectedInstances == 0) {
      throw new IllegalStateException(
          "FALLBACK_LOCAL divides the limits by expectedInstances, which was not set");
    }
    if (policy != FailurePolicy.FALLBACK_LOCAL && expectedInstances != 0) {
      throw new IllegalStateException(
          "expectedInstances (" + expectedInstances + ") applies only to FALLBACK_LOCAL, not to " + policy);
    }
    if (keyPrefix == null && (name().indexOf('{') >= 0 || name().indexOf('}') >= 0)) {
      throw new IllegalStateException(
          "the default key prefix would contain the braces of name '" + name()
              + "', which Redis Cluster reads as a hash tag; set keyPrefix");
    }
  }

  static void requireNoBraces(String setting, String value) {
    if (value.indexOf('{') >= 0 || value.indexOf('}') >= 0) {
      throw new IllegalArgumentException(
          setting + " must not contain '{' or '}' (Redis Cluster hash tags) but was '" + value + "'");
    }
  }

  String name() {
    return name != null ? name : defaultName;
  }

  String keyPrefix() {
    return keyPrefix != null ? keyPrefix : prefixRoot + name() + ":";
  }

  FailurePolicy failurePolicy() {
    return failurePolicy != null ? failurePolicy : FailurePolicy.FAIL_OPEN;
  }

  int expectedInstances() {
    return expectedInstances;
  }

  Ticker ticker() {
    return ticker != null ? ticker : Ticker.system();
  }

  @Nullable Ticker serverClock() {
    return serverClock;
  }

  long callTimeoutNanos() {
    Duration timeout = callTimeout != null ? callTimeout : RedisKeyedRateLimiterBuilder.DEFAULT_CALL_TIMEOUT;
    return Durations.toNanosSaturated(timeout);
  }

  /** The breaker: the injected one, or a default one on this ticker. */
  CircuitBreaker circuitBreaker() {
    CircuitBreaker injected = circuitBreaker;
    if (injected != null) {
      return injected;
    }
    return CircuitBreaker.builder(name() + "-redis")
        .config(
            CircuitBreakerConfig.builder()
                .trip(TripStrategy.consecutiveFailures(DEFAULT_BREAKER_FAILURES))
                .openDuration(Backoff.fixed(DEFAULT_BREAKER_OPEN))
                .build())
        .ticker(ticker())
        .build();
  }

  RedisGuard guard(Logger log) {
    return new RedisGuard(
        name(), failurePolicy(), circuitBreaker(), ticker(), callTimeoutNanos(), fallbackListeners, log);
  }
}
