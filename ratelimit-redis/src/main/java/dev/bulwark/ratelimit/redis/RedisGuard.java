package dev.bulwark.ratelimit.redis;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.core.Ticker;
import dev.bulwark.core.internal.FanOut;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Guards every Redis call of one limiter: asks the circuit breaker, runs the call, reports its
 * outcome, and tracks whether the limiter is in fallback.
 *
 * <h2>How it works, and why</h2>
 * The breaker's manual form ({@code tryAcquirePermission} and a ticket) costs no allocation and no
 * exception on the rejected path, so an outage costs one atomic read per decision once the breaker
 * is open: no connection attempt, no timeout. A call that throws counts as a failure; a call that
 * answers after the call timeout counts as a failure too (its answer is still used: it is correct,
 * and already paid for), so a Redis that is slow rather than down opens the breaker as well.
 *
 * <p>Every decision whose call fails or is rejected follows the failure policy. <em>Being in
 * fallback</em> is a state of the breaker, not of one call: the limiter enters it when the breaker
 * stops letting calls through (a failure opens it, or it rejects a call), and leaves it when a call
 * succeeds with the breaker closed again. An isolated failure while the breaker stays closed (one
 * dead node of a cluster among healthy ones, a dropped connection) is decided by the policy and
 * logged at debug level only, so a partial outage does not flood the logs with transitions.
 *
 * <p>The fallback state is one {@code long}: {@link #NOT_IN_FALLBACK}, or the ticker reading at
 * which the limiter entered fallback. Entering and leaving are compare-and-sets from one state to
 * the other, so each transition is logged and reported exactly once however many threads see the
 * same outage or the same recovery.
 */
final class RedisGuard {

  private static final long NOT_IN_FALLBACK = Long.MIN_VALUE;

  private final String name;
  private final FailurePolicy policy;
  private final CircuitBreaker breaker;
  private final Ticker ticker;
  private final long callTimeoutNanos;
  private final List<RedisFallbackListener> listeners;
  private final Logger log;
  private final AtomicLong fallbackSince = new AtomicLong(NOT_IN_FALLBACK);

  RedisGuard(
      String name,
      FailurePolicy policy,
      CircuitBreaker breaker,
      Ticker ticker,
      long callTimeoutNanos,
      List<RedisFallbackListener> listeners,
      Logger log) {
    this.name = name;
    this.policy = policy;
    this.breaker = breaker;
    this.ticker = ticker;
    this.callTimeoutNanos = callTimeoutNanos;
    this.listeners = List.copyOf(listeners);
    this.log = log;
  }

  /**
   * Runs a Redis call if the breaker lets it through.
   *
   * @return the call's result, or null if Redis could not be used (the breaker rejected the call,
   *     or the call threw): the caller then decides by the failure policy
   */
  <T> @Nullable T call(Supplier<T> call) {
    long ticket = permit();
    if (ticket == CircuitBreaker.NOT_PERMITTED) {
      return null;
    }
    return complete(ticket, ticker.read(), call);
  }

  /**
   * Runs a Redis call if the breaker lets it through, its duration counted from {@code start}: a
   * ticker reading the caller took just before (saves reading the clock again on every decision).
   *
   * @param start a reading of this guard's ticker, taken just before this call
   * @return the call's result, or null if Redis could not be used
   */
  <T> @Nullable T call(long start, Supplier<T> call) {
    long ticket = permit();
    if (ticket == CircuitBreaker.NOT_PERMITTED) {
      return null;
    }
    return complete(ticket, start, call);
  }

  /**
   * Asks the breaker for a call, for a call made later (an asynchronous one); a refusal enters
   * fallback.
   *
   * @return the ticket to hand to {@link #complete}, or {@link CircuitBreaker#NOT_PERMITTED}
   */
  long permit() {
    long ticket = breaker.tryAcquirePermission();
    if (ticket == CircuitBreaker.NOT_PERMITTED) {
      enter(null);
    }
    return ticket;
  }

  /** The ticker reading a call's duration counts from. */
  long now() {
    return ticker.read();
  }

  /**
   * Finishes a call the breaker let through: obtains its result from {@code outcome} (which throws
   * if the call failed) and reports it. A {@link CallAbandonedException} gives the permission back
   * without an outcome: the caller stopped waiting for a reason of its own.
   *
   * @param ticket from {@link #permit()}
   * @param start the ticker reading when the call began
   * @return the result, or null if the call failed: the caller then decides by the failure policy
   */
  <T> @Nullable T complete(long ticket, long start, Supplier<T> outcome) {
    T result;
    try {
      result = outcome.get();
    } catch (CallAbandonedException e) {
      breaker.releasePermission(ticket);
      log.atDebug()
          .addKeyValue("event", "redis_call_abandoned")
          .addKeyValue("name", name)
          .setCause(e)
          .log("limiter '{}': caller stopped waiting for Redis", name);
      return null;
    } catch (RuntimeException e) {
      breaker.onError(ticket, ticker.read() - start, e);
      log.atDebug()
          .addKeyValue("event", "redis_call_failed")
          .addKeyValue("name", name)
          .setCause(e)
          .log("limiter '{}': Redis call failed", name);
      if (refusesCalls()) {
        enter(e);
      }
      return null;
    }
    long took = ticker.read() - start;
    if (took > callTimeoutNanos) {
      TimeoutException slow = new TimeoutException(
          "Redis answered after " + took + " ns, over the call timeout of " + callTimeoutNanos + " ns");
      breaker.onError(ticket, took, slow);
      if (refusesCalls()) {
        enter(slow);
      }
    } else {
      breaker.onSuccess(ticket, took);
      if (fallbackSince.get() != NOT_IN_FALLBACK && !refusesCalls()) {
        leave();
      }
    }
    return result;
  }

  /** The call timeout, in nanoseconds of the ticker. */
  long callTimeoutNanos() {
    return callTimeoutNanos;
  }

  /** Whether the breaker now rejects calls: OPEN, HALF_OPEN (trials only) or FORCED_OPEN. */
  private boolean refusesCalls() {
    CircuitState state = breaker.state();
    return state != CircuitState.CLOSED && state != CircuitState.DISABLED;
  }

  /** Whether the breaker stopped letting calls through, and no call succeeded since it closed. */
  boolean inFallback() {
    return fallbackSince.get() != NOT_IN_FALLBACK;
  }

  CircuitBreaker breaker() {
    return breaker;
  }

  FailurePolicy policy() {
    return policy;
  }

  private void enter(@Nullable Throwable cause) {
    long now = ticker.read();
    if (!fallbackSince.compareAndSet(NOT_IN_FALLBACK, now == NOT_IN_FALLBACK ? now + 1 : now)) {
      return;
    }
    String description =
        cause == null
            ? "circuit breaker '" + breaker.name() + "' is " + breaker.state()
            : cause.getClass().getName() + ": " + cause.getMessage();
    log.atWarn()
        .addKeyValue("event", "redis_fallback_entered")
        .addKeyValue("name", name)
        .addKeyValue("policy", policy.name().toLowerCase(java.util.Locale.ROOT))
        .addKeyValue("cause", description)
        .log("limiter '{}' cannot use Redis; deciding by {} until Redis answers again", name, policy);
    publish(new RedisFallbackEvent.Entered(name, policy, cause));
  }

  private void leave() {
    long since = fallbackSince.get();
    if (since == NOT_IN_FALLBACK || !fallbackSince.compareAndSet(since, NOT_IN_FALLBACK)) {
      return;
    }
    long nanos = ticker.read() - since;
    log.atInfo()
        .addKeyValue("event", "redis_fallback_left")
        .addKeyValue("name", name)
        .addKeyValue("policy", policy.name().toLowerCase(java.util.Locale.ROOT))
        .addKeyValue("fallback_ms", nanos / 1_000_000)
        .log("limiter '{}' uses Redis again", name);
    publish(new RedisFallbackEvent.Left(name, policy, nanos));
  }

  private void publish(RedisFallbackEvent event) {
    FanOut.deliver(listeners, event, RedisFallbackListener::onEvent, this::listenerFailed);
  }

  private void listenerFailed(
      RedisFallbackListener listener, RedisFallbackEvent event, RuntimeException e) {
    log.warn("fallback listener {} failed on {}", listener, event, e);
  }
}
