package dev.bulwark.micrometer;

import dev.bulwark.circuitbreaker.CircuitBreakerEvent;
import dev.bulwark.circuitbreaker.CircuitBreakerListener;
import dev.bulwark.ratelimit.RateLimiterEvent;
import dev.bulwark.ratelimit.RateLimiterListener;
import dev.bulwark.retry.HedgeEvent;
import dev.bulwark.retry.HedgeListener;
import dev.bulwark.retry.RetryEvent;
import dev.bulwark.retry.RetryListener;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reports the decisions of an outbound pipeline's primitives (retry attempts, circuit breaker states,
 * rate limiter decisions, hedges) as Micrometer {@link Observation}s, so that a tracing bridge turns
 * each into a span. Tracing is off unless a primitive is built with one of these listeners:
 *
 * <pre>{@code
 * ResilienceObservations tracing = ResilienceObservations.of(observationRegistry);
 * Retry retry = Retry.builder().name("payments").listener(tracing.retryListener()).build();
 * }</pre>
 *
 * <p>Each event is one observation, started and stopped when the primitive reports it, on the
 * reporting thread; its parent is the registry's current observation, so the spans of a call made
 * inside a traced request hang under that request's span. Every observation is named
 * {@value #NAME_PREFIX}{@code <primitive>.<event>} with these key values, all low-cardinality unless
 * said:
 *
 * <ul>
 *   <li>{@value #RETRY}: {@value #PRIMITIVE} (the retry's name), {@value #EVENT}
 *       ({@code attempt_failed}, {@code exhausted}, {@code aborted}, {@code budget_exhausted},
 *       {@code succeeded_after_retries}), {@value #OUTCOME} ({@code retry} for a failed attempt that
 *       will be retried, {@code failure} for a call that ended failed, {@code success});
 *       high-cardinality {@value #ATTEMPT} (attempts made so far, first included). A failure's
 *       exception is the observation's error.
 *   <li>{@value #BREAKER}: {@value #PRIMITIVE}, {@value #EVENT} ({@code state_transition},
 *       {@code call_rejected}), {@value #STATE} (the state after a transition, the open state for a
 *       rejection), {@value #OUTCOME} ({@code transition}, {@code rejected}); a transition also
 *       carries {@value #FROM_STATE}. Permitted, succeeded and failed calls are not observed: they
 *       are counted by {@link CircuitBreakerBinder}.
 *   <li>{@value #LIMITER}: {@value #PRIMITIVE} (the limiter's name), {@value #EVENT}
 *       ({@code decision}), {@value #OUTCOME} ({@code permitted}, {@code rejected}). The limiter's
 *       key (a client) is never put on an observation.
 *   <li>{@value #HEDGE}: {@value #PRIMITIVE}, {@value #EVENT} ({@code started},
 *       {@code budget_exhausted}, {@code won}, {@code failed}), {@value #OUTCOME} ({@code hedged},
 *       {@code refused}, {@code success}, {@code failure}); high-cardinality {@value #ATTEMPT} (the
 *       hedged attempt's number, or the winner's for {@code won}).
 * </ul>
 *
 * <p>With a {@linkplain ObservationRegistry#isNoop() no-op registry} every event is ignored at the
 * cost of one check. Immutable and thread-safe; the listeners are too.
 */
public final class ResilienceObservations {

  /** The prefix of every observation's name. */
  public static final String NAME_PREFIX = "bulwark.";

  /** The primitive part of a retry's observation names. */
  public static final String RETRY = "retry";

  /** The primitive part of a circuit breaker's observation names. */
  public static final String BREAKER = "breaker";

  /** The primitive part of a rate limiter's observation names. */
  public static final String LIMITER = "limiter";

  /** The primitive part of a hedge's observation names. */
  public static final String HEDGE = "hedge";

  /** Key of the primitive's name (low cardinality). */
  public static final String PRIMITIVE = "bulwark.name";

  /** Key of the event (low cardinality). */
  public static final String EVENT = "bulwark.event";

  /** Key of the decision or result (low cardinality). */
  public static final String OUTCOME = "bulwark.outcome";

  /** Key of a breaker's state (low cardinality). */
  public static final String STATE = "bulwark.state";

  /** Key of a breaker's state before a transition (low cardinality). */
  public static final String FROM_STATE = "bulwark.from_state";

  /** Key of an attempt's number (high cardinality). */
  public static final String ATTEMPT = "bulwark.attempt";

  private final ObservationRegistry registry;

  private ResilienceObservations(ObservationRegistry registry) {
    this.registry = registry;
  }

  /**
   * Returns the listeners' factory for {@code registry}.
   *
   * @param registry where the observations go; with {@link ObservationRegistry#NOOP} nothing is
   *     reported
   * @return the factory
   * @throws NullPointerException if {@code registry} is null
   */
  public static ResilienceObservations of(ObservationRegistry registry) {
    return new ResilienceObservations(Objects.requireNonNull(registry, "registry"));
  }

  /**
   * Returns a listener for a {@link dev.bulwark.retry.RetryBuilder#listener retry}.
   *
   * @return the listener
   */
  public RetryListener retryListener() {
    return this::onRetry;
  }

  /**
   * Returns a listener for a {@link dev.bulwark.retry.HedgeBuilder#listener hedge}.
   *
   * @return the listener
   */
  public HedgeListener hedgeListener() {
    return this::onHedge;
  }

  /**
   * Returns a listener for a circuit breaker's builder.
   *
   * @return the listener
   */
  public CircuitBreakerListener breakerListener() {
    return this::onBreaker;
  }

  /**
   * Returns a listener for a {@link dev.bulwark.ratelimit.RateLimiterBuilder#listener rate limiter}
   * (or a keyed or hierarchical one).
   *
   * @return the listener
   */
  public RateLimiterListener limiterListener() {
    return this::onLimiter;
  }

  private void onRetry(RetryEvent event) {
    if (registry.isNoop()) {
      return;
    }
    if (event instanceof RetryEvent.AttemptFailed e) {
      report(RETRY, e.name(), "attempt_failed", "retry", e.attempts(), e.failure());
    } else if (event instanceof RetryEvent.Exhausted e) {
      report(RETRY, e.name(), "exhausted", "failure", e.attempts(), e.failure());
    } else if (event instanceof RetryEvent.Aborted e) {
      report(RETRY, e.name(), "aborted", "failure", e.attempts(), e.failure());
    } else if (event instanceof RetryEvent.BudgetExhausted e) {
      report(RETRY, e.name(), "budget_exhausted", "failure", e.attempts(), e.failure());
    } else if (event instanceof RetryEvent.SucceededAfterRetries e) {
      report(RETRY, e.name(), "succeeded_after_retries", "success", e.attempts(), null);
    }
  }

  private void onHedge(HedgeEvent event) {
    if (registry.isNoop()) {
      return;
    }
    if (event instanceof HedgeEvent.Started e) {
      report(HEDGE, e.name(), "started", "hedged", e.attempt(), null);
    } else if (event instanceof HedgeEvent.BudgetExhausted e) {
      report(HEDGE, e.name(), "budget_exhausted", "refused", e.attempt(), null);
    } else if (event instanceof HedgeEvent.Won e) {
      report(HEDGE, e.name(), "won", "success", e.winner(), null);
    } else if (event instanceof HedgeEvent.Failed e) {
      report(HEDGE, e.name(), "failed", "failure", e.attempts(), e.failure());
    }
  }

  private void onBreaker(CircuitBreakerEvent event) {
    if (registry.isNoop()) {
      return;
    }
    if (event instanceof CircuitBreakerEvent.StateTransition e) {
      start(BREAKER, e.breakerName(), "state_transition", "transition")
          .lowCardinalityKeyValue(STATE, Meters.value(e.to()))
          .lowCardinalityKeyValue(FROM_STATE, Meters.value(e.from()))
          .start()
          .stop();
    } else if (event instanceof CircuitBreakerEvent.CallRejected e) {
      start(BREAKER, e.breakerName(), "call_rejected", "rejected")
          .lowCardinalityKeyValue(STATE, Meters.value(e.state()))
          .start()
          .stop();
    }
  }

  private void onLimiter(RateLimiterEvent event) {
    if (registry.isNoop()) {
      return;
    }
    start(LIMITER, event.limiterName(), "decision", event.permitted() ? "permitted" : "rejected")
        .start()
        .stop();
  }

  private void report(
      String primitive, String name, String event, String outcome, int attempt, @Nullable Throwable failure) {
    Observation observation =
        start(primitive, name, event, outcome)
            .highCardinalityKeyValue(ATTEMPT, Integer.toString(attempt))
            .start();
    if (failure != null) {
      observation.error(failure);
    }
    observation.stop();
  }

  private Observation start(String primitive, String name, String event, String outcome) {
    return Observation.createNotStarted(NAME_PREFIX + primitive + "." + event, registry)
        .contextualName("bulwark " + primitive + " " + name + " " + event)
        .lowCardinalityKeyValue(PRIMITIVE, name)
        .lowCardinalityKeyValue(EVENT, event)
        .lowCardinalityKeyValue(OUTCOME, outcome);
  }
}
