package dev.bulwark.circuitbreaker;

import dev.bulwark.core.CheckedRunnable;
import dev.bulwark.core.CheckedSupplier;
import dev.bulwark.core.Policy;
import dev.bulwark.core.Ticker;
import dev.bulwark.core.internal.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A circuit breaker: stops calling a failing dependency (an LLM API, a database, a search cluster)
 * so that an outage fails fast instead of piling up threads, and lets trial calls through later to
 * find out whether it recovered.
 *
 * <pre>{@code
 * CircuitBreaker breaker = CircuitBreaker.of("llm", CircuitBreakerConfig.builder()
 *     .consecutiveFailures(5).openDuration(Duration.ofSeconds(30)).build());
 * try {
 *   Completion c = breaker.call(() -> client.complete(prompt));
 * } catch (CircuitOpenException e) {
 *   // fail fast; e.retryAfter() says when a trial call may go through
 * }
 * }</pre>
 *
 * <h2>States</h2>
 * {@link CircuitState#CLOSED CLOSED}: calls pass and their outcomes feed the trip strategy of the
 * {@link CircuitBreakerConfig}; when it trips, {@link CircuitState#OPEN OPEN}: every call is rejected
 * with a {@link CircuitOpenException} for the open duration. The first call after it moves the breaker
 * to {@link CircuitState#HALF_OPEN HALF_OPEN} (lazily, no timer thread; or on time, with
 * {@link Builder#scheduler}), where at most {@code maxHalfOpenCalls} trial calls may be in flight:
 * {@code successThreshold} consecutive trial successes close the breaker, and any failed trial opens
 * it again (for the next delay of the open backoff, if one is configured). {@link #forceOpen()} and
 * {@link #disable()} pin the breaker by hand; {@link #reset()} returns it to a fresh CLOSED.
 *
 * <h2>Late results</h2>
 * Every transition starts a new generation. A call's outcome counts only in the generation that
 * admitted it: a failure reported after the breaker opened, or a success from before it went
 * half-open, is ignored.
 *
 * <h2>Four ways to guard a call</h2>
 * <ul>
 *   <li>{@link #call(CheckedSupplier)} and {@link #run(CheckedRunnable)}: synchronous; a rejection
 *       throws {@link CircuitOpenException};
 *   <li>{@link #callAsync(Supplier)}: the stage's outcome is recorded when it completes; a rejection
 *       is a failed stage;
 *   <li>as a {@link Policy} in a {@link dev.bulwark.core.Pipeline}, e.g.
 *       {@code Pipeline.of(retry, breaker)} (each retry attempt passes the breaker);
 *   <li>the manual form for adapters: {@link #tryAcquirePermission()} returns a ticket, and
 *       {@link #onSuccess}, {@link #onError}, {@link #onResult} or {@link #releasePermission} reports
 *       back with it.
 * </ul>
 *
 * <h2>Cost</h2>
 * Thread-safe and lock-free on every call path. A permitted call in CLOSED and a rejected call in
 * OPEN allocate nothing (the rejection is created once per opening). The clock is read twice per
 * call only when slow-call tracking is configured, a call listener is registered or the breaker was
 * built to {@linkplain CircuitBreakerStats.Timing#EVERY_CALL time every call}, once (at completion)
 * with a time-based window, and not at all otherwise in CLOSED; OPEN reads it once per rejected call
 * to notice the end of the open duration. Events are built only when a listener is registered; every
 * transition is logged through slf4j (logger {@code dev.bulwark.circuitbreaker},
 * {@code event=circuit_breaker_transition}) with the breaker, both states, the reason and the rates;
 * calls never are.
 *
 * <h2>Observing a breaker</h2>
 * Everything is chosen on the {@link Builder}; a built breaker never changes how it is observed.
 * <ul>
 *   <li>one listener type, {@link CircuitBreakerListener}, receiving the sealed
 *       {@link CircuitBreakerEvent} ({@link Builder#listener}; a listener made with
 *       {@link CircuitBreakerListener#onTransition} sees transitions only and costs nothing per call);
 *   <li>one statistics view, {@link CircuitBreakerStats} from {@link #stats()}, present only when the
 *       breaker was built with {@link Builder#recordStats()} (one more uncontended atomic increment per
 *       call, still no allocation; nothing at all without it).
 * </ul>
 * {@link #state()}, {@link #snapshot()} and {@link #remainingOpenNanos()} read the current state,
 * for health checks. The {@code micrometer-metrics} module binds the statistics view and the state.
 */
public final class CircuitBreaker implements Policy {

  /** What {@link #tryAcquirePermission()} returns when the call is not permitted. */
  public static final long NOT_PERMITTED = -1L;

  private final StateMachine machine;
  private final Classifier classifier;
  private final Ticker ticker;
  /** The config, a call listener or the statistics need every call's duration. */
  private final boolean timesCalls;
  /** The window needs the clock at completion. */
  private final boolean needsNow;
  /** Built once; the same instance on every {@link #stats()}. */
  private final Optional<CircuitBreakerStats> stats;

  private CircuitBreaker(Builder b, CircuitBreakerConfig config, Ticker ticker) {
    this.ticker = ticker;
    CircuitBreakerStats.Timing timing = b.statsTiming;
    CircuitBreakerStats counts = timing == null ? null : new CircuitBreakerStats();
    this.machine =
        new StateMachine(
            b.name, config, ticker, b.scheduler, new Listeners(b.listeners), counts,
            timing == CircuitBreakerStats.Timing.EVERY_CALL);
    this.classifier = new Classifier(b.name, config);
    this.timesCalls = machine.timesCalls;
    this.needsNow = machine.needsNow;
    this.stats = Optional.ofNullable(counts);
  }

  /**
   * Starts a breaker with the default config, the system ticker, no scheduler and no listener.
   *
   * @param name the breaker's name, in logs, events and rejections; not blank
   * @return a new builder
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Creates a breaker with the system ticker and no listener.
   *
   * @param name the breaker's name; not blank
   * @param config its config
   * @return the breaker, CLOSED
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static CircuitBreaker of(String name, CircuitBreakerConfig config) {
    return builder(name).config(config).build();
  }

  /**
   * Creates a breaker with {@link CircuitBreakerConfig#defaults()}.
   *
   * @param name the breaker's name; not blank
   * @return the breaker, CLOSED
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static CircuitBreaker ofDefaults(String name) {
    return builder(name).build();
  }

  /**
   * Returns the breaker's name.
   *
   * @return the name
   */
  public String name() {
    return machine.name;
  }

  /**
   * Returns the breaker's config.
   *
   * @return the config
   */
  public CircuitBreakerConfig config() {
    return machine.config;
  }

  /**
   * Returns the current state. An OPEN breaker whose open duration has elapsed still reports OPEN
   * until a call (or the scheduler) moves it to HALF_OPEN.
   *
   * @return the state
   */
  public CircuitState state() {
    return machine.phase().state;
  }

  /**
   * Returns a snapshot of the current state and of the window or failure count that decides the next
   * transition, for health checks. Available on every breaker; it reads the state only. Cumulative
   * counts are in {@link #stats()}.
   *
   * @return a new snapshot
   */
  public CircuitBreakerSnapshot snapshot() {
    return machine.snapshot();
  }

  /**
   * Returns how long an OPEN breaker still rejects calls.
   *
   * @return nanoseconds until the open duration ends; 0 if it has ended or the breaker is not OPEN
   */
  public long remainingOpenNanos() {
    return machine.remainingOpenNanos();
  }

  /**
   * Returns the breaker's statistics: calls by {@link CallOutcome}, their durations, and transitions,
   * cumulative since the breaker was built. Present only if the breaker was built with
   * {@link Builder#recordStats()} (or {@link Builder#recordStats(CircuitBreakerStats.Timing)});
   * otherwise empty, and it never becomes present. Allocates nothing: every call returns the same
   * instance.
   *
   * @return the live statistics view, or empty if the breaker was built without them
   */
  public Optional<CircuitBreakerStats> stats() {
    return stats;
  }

  /** The state machine, for tests of its internals. */
  StateMachine machine() {
    return machine;
  }

  // ---------------------------------------------------------------- guarded calls

  /**
   * Runs a call if the breaker permits it, and records its outcome: a thrown exception is classified
   * by the config's exception predicates, a returned value by its result predicate.
   *
   * @param call the call
   * @param <T> the result type
   * @return the call's result
   * @throws CircuitOpenException if the breaker rejects the call (it is not run)
   * @throws Exception what the call throws
   */
  public <T> T call(CheckedSupplier<T> call) throws Exception {
    Objects.requireNonNull(call, "call");
    return execute(call, Policy.Next.direct());
  }

  /**
   * Runs an action if the breaker permits it, and records its outcome.
   *
   * @param action the action
   * @throws CircuitOpenException if the breaker rejects the action (it is not run)
   * @throws Exception what the action throws
   */
  public void run(CheckedRunnable action) throws Exception {
    Objects.requireNonNull(action, "action");
    long ticket = machine.acquire(true);
    boolean timed = timed();
    long start = timed ? ticker.read() : 0L;
    try {
      action.run();
    } catch (Throwable e) {
      recordError(ticket, timed, start, e);
      throw e;
    }
    long end = timed || needsNow ? ticker.read() : 0L;
    machine.complete(ticket, Classifier.SUCCESS, timed ? end - start : -1L, end, null);
  }

  /**
   * Starts an asynchronous call if the breaker permits it, and records its outcome when the stage
   * completes. A stage failed with a {@link java.util.concurrent.CompletionException} is classified
   * by its cause; a cancelled stage by its {@link java.util.concurrent.CancellationException}.
   *
   * @param call supplies the stage of the call; a supplier that throws or returns null counts as a
   *     failed call
   * @param <T> the result type
   * @return a stage completed like the call's after the outcome is recorded, or failed with a
   *     {@link CircuitOpenException} if the breaker rejects the call (it is not started)
   */
  public <T> CompletionStage<T> callAsync(Supplier<? extends CompletionStage<T>> call) {
    Objects.requireNonNull(call, "call");
    return executeAsync(call, Policy.AsyncNext.direct());
  }

  /**
   * Guards the rest of a pipeline: the {@link Policy} form of {@link #call(CheckedSupplier)}.
   *
   * @param call the user's call
   * @param next the rest of the pipeline
   * @param <T> the result type
   * @return the result
   * @throws CircuitOpenException if the breaker rejects the call
   * @throws Exception what the rest of the pipeline throws
   */
  @Override
  public <T> T execute(CheckedSupplier<T> call, Next next) throws Exception {
    long ticket = machine.acquire(true);
    boolean timed = timed();
    long start = timed ? ticker.read() : 0L;
    T result;
    try {
      result = next.proceed(call);
    } catch (Throwable e) {
      recordError(ticket, timed, start, e);
      throw e;
    }
    long end = timed || needsNow ? ticker.read() : 0L;
    int outcome = classifier.checksResults() ? classifier.ofResult(result) : Classifier.SUCCESS;
    machine.complete(ticket, outcome, timed ? end - start : -1L, end, null);
    return result;
  }

  /**
   * Guards the rest of an asynchronous pipeline: the {@link Policy} form of {@link #callAsync}.
   *
   * @param call the user's call
   * @param next the rest of the pipeline
   * @param <T> the result type
   * @return the stage of the guarded call, or a stage failed with {@link CircuitOpenException}
   */
  @Override
  public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncNext next) {
    long ticket;
    try {
      ticket = machine.acquire(true);
    } catch (CircuitOpenException e) {
      return CompletableFuture.failedFuture(e);
    }
    boolean timed = timed();
    long start = timed ? ticker.read() : 0L;
    CompletionStage<T> stage;
    try {
      stage = next.proceed(call);
    } catch (RuntimeException | Error e) { // AsyncNext must not throw; stay safe if it does
      recordError(ticket, timed, start, e);
      return CompletableFuture.failedFuture(e);
    }
    if (stage == null) { // nor return null
      NullPointerException e = new NullPointerException("the pipeline returned a null stage");
      recordError(ticket, timed, start, e);
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<T> outcome = new CompletableFuture<>();
    recordWhenDone(stage, outcome, ticket, timed, start);
    propagateCancellation(outcome, stage);
    return outcome;
  }

  /**
   * Records the call's outcome when the call's own stage completes, then completes
   * {@code outcome} the same way. The recording hangs on the call's stage, not on the stage handed
   * out: a dependent stage that a caller cancels never runs its action, and the permission (a
   * half-open trial slot) would never be returned.
   */
  // The dependent stage of the recording hook is not needed: the hook cannot throw.
  @SuppressWarnings("FutureReturnValueIgnored")
  private <T> void recordWhenDone(
      CompletionStage<T> stage, CompletableFuture<T> outcome, long ticket, boolean timed, long start) {
    stage.whenComplete(
        (result, error) -> {
          if (error != null) {
            recordError(ticket, timed, start, Classifier.unwrap(error));
            outcome.completeExceptionally(error);
          } else {
            long end = timed || needsNow ? ticker.read() : 0L;
            machine.complete(ticket, classifier.ofResult(result), timed ? end - start : -1L, end, null);
            outcome.complete(result);
          }
        });
  }

  /**
   * Cancelling the stage the breaker returned cancels the call's own stage, so that an outer
   * {@code Timeout} or {@code Retry} that gives up stops the call instead of leaving it running.
   * The call's stage then completes with a {@link java.util.concurrent.CancellationException},
   * which is recorded like any other error (the config's exception predicates decide whether it
   * counts as a failure). A stage that cannot be converted to a future cannot be cancelled; its
   * outcome is recorded whenever it completes.
   */
  // The dependent stage of the cancellation hook is not needed: the hook cannot throw.
  @SuppressWarnings("FutureReturnValueIgnored")
  private static void propagateCancellation(CompletableFuture<?> outcome, CompletionStage<?> stage) {
    outcome.whenComplete(
        (result, error) -> {
          if (outcome.isCancelled()) {
            try {
              stage.toCompletableFuture().cancel(true);
            } catch (UnsupportedOperationException e) {
              // A minimal stage: nothing to cancel.
            }
          }
        });
  }

  /** Whether this call is timed: the config, a call listener or the statistics need it. */
  private boolean timed() {
    return timesCalls;
  }

  private void recordError(long ticket, boolean timed, long start, Throwable error) {
    long end = timed || needsNow ? ticker.read() : 0L;
    machine.complete(ticket, classifier.ofError(error), timed ? end - start : -1L, end, error);
  }

  // ---------------------------------------------------------------- manual form

  /**
   * Asks permission for a call that the caller runs and reports itself (the adapters' form). Every
   * permitted call must be reported exactly once with its ticket: {@link #onSuccess},
   * {@link #onError}, {@link #onResult}, or {@link #releasePermission} if it was not made. Allocates
   * nothing.
   *
   * <pre>{@code
   * long ticket = breaker.tryAcquirePermission();
   * if (ticket == CircuitBreaker.NOT_PERMITTED) { return serviceUnavailable(); }
   * long start = ticker.read();   // the same Ticker the breaker was built with
   * try {
   *   Response r = handler.handle(request);
   *   breaker.onResult(ticket, ticker.read() - start, r);
   *   return r;
   * } catch (Exception e) {
   *   breaker.onError(ticket, ticker.read() - start, e);
   *   throw e;
   * }
   * }</pre>
   *
   * @return a ticket ({@code >= 0}) naming the breaker generation that admitted the call, or
   *     {@link #NOT_PERMITTED}
   */
  public long tryAcquirePermission() {
    return machine.acquire(false);
  }

  /**
   * Like {@link #tryAcquirePermission()}, but throws the rejection.
   *
   * @return a ticket, {@code >= 0}
   * @throws CircuitOpenException if the call is not permitted
   */
  public long acquirePermission() {
    return machine.acquire(true);
  }

  /**
   * Reports that a permitted call succeeded. Ignored if the ticket's generation has passed.
   *
   * @param ticket the ticket from {@link #tryAcquirePermission()}
   * @param durationNanos how long the call took, for slow-call tracking and events
   */
  public void onSuccess(long ticket, long durationNanos) {
    machine.complete(ticket, Classifier.SUCCESS, durationNanos, nowIfNeeded(), null);
  }

  /**
   * Reports that a permitted call threw; the config's exception predicates decide whether it counts
   * as a failure, a success, or not at all. Ignored if the ticket's generation has passed.
   *
   * @param ticket the ticket from {@link #tryAcquirePermission()}
   * @param durationNanos how long the call took
   * @param error what the call threw
   * @throws NullPointerException if {@code error} is null
   */
  public void onError(long ticket, long durationNanos, Throwable error) {
    Objects.requireNonNull(error, "error");
    machine.complete(ticket, classifier.ofError(error), durationNanos, nowIfNeeded(), error);
  }

  /**
   * Reports that a permitted call returned a value; the config's result predicate decides whether it
   * counts as a failure. Ignored if the ticket's generation has passed.
   *
   * @param ticket the ticket from {@link #tryAcquirePermission()}
   * @param durationNanos how long the call took
   * @param result what the call returned; may be null
   */
  public void onResult(long ticket, long durationNanos, @Nullable Object result) {
    machine.complete(ticket, classifier.ofResult(result), durationNanos, nowIfNeeded(), null);
  }

  /**
   * Gives back a permission without recording an outcome, for a call that was not made after all:
   * frees its trial slot in HALF_OPEN, and does nothing otherwise.
   *
   * @param ticket the ticket from {@link #tryAcquirePermission()}
   */
  public void releasePermission(long ticket) {
    machine.release(ticket);
  }

  private long nowIfNeeded() {
    return machine.needsNow ? ticker.read() : 0L;
  }

  // ---------------------------------------------------------------- manual transitions

  /**
   * Moves the breaker to {@link CircuitState#FORCED_OPEN}: every call is rejected until
   * {@link #reset()} or {@link #disable()}. Always a new generation, even if already forced open.
   */
  public void forceOpen() {
    machine.force(CircuitState.FORCED_OPEN, TransitionReason.FORCED_OPEN);
  }

  /**
   * Moves the breaker to {@link CircuitState#DISABLED}: every call passes and nothing is recorded
   * until {@link #reset()} or {@link #forceOpen()}. Always a new generation.
   */
  public void disable() {
    machine.force(CircuitState.DISABLED, TransitionReason.DISABLED);
  }

  /**
   * Moves the breaker to a fresh {@link CircuitState#CLOSED} from any state: empty window or
   * failure count, and the open backoff starts over. Always a new generation (so outcomes of calls
   * admitted before are ignored), and always a transition event, even from CLOSED.
   */
  public void reset() {
    machine.force(CircuitState.CLOSED, TransitionReason.RESET);
  }

  @Override
  public String toString() {
    return "CircuitBreaker[" + machine.name + ", " + state() + "]";
  }

  /**
   * Builds a {@link CircuitBreaker}. Each setting but {@link #listener} may be made once (a second
   * time throws {@link IllegalStateException}). Listeners and statistics are chosen here only: the
   * built breaker offers no way to add them later. Not thread-safe.
   */
  public static final class Builder {

    private final String name;
    private @Nullable CircuitBreakerConfig config;
    private @Nullable Ticker ticker;
    private @Nullable ScheduledExecutorService scheduler;
    private final List<CircuitBreakerListener> listeners = new ArrayList<>();
    private CircuitBreakerStats.@Nullable Timing statsTiming;

    private Builder(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank but was '" + name + "'");
      }
      this.name = name;
    }

    /**
     * Sets the config. Default: {@link CircuitBreakerConfig#defaults()}.
     *
     * @param config the config
     * @return this builder
     * @throws NullPointerException if {@code config} is null
     * @throws IllegalStateException if already set
     */
    public Builder config(CircuitBreakerConfig config) {
      this.config = Preconditions.setOnce("config", this.config, config);
      return this;
    }

    /**
     * Sets the clock. Default: {@link Ticker#system()}; tests pass a
     * {@link dev.bulwark.core.ManualTicker}.
     *
     * @param ticker the clock
     * @return this builder
     * @throws NullPointerException if {@code ticker} is null
     * @throws IllegalStateException if already set
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Preconditions.setOnce("ticker", this.ticker, ticker);
      return this;
    }

    /**
     * Moves an OPEN breaker to HALF_OPEN on time, by a task scheduled on {@code scheduler} when it
     * opens, rather than lazily on the first call after the open duration (which still works too).
     * Use it when something watches the state, such as a health check or a dashboard. The breaker
     * neither owns nor shuts down the scheduler. Default: none (no background work at all).
     *
     * @param scheduler the scheduler for OPEN to HALF_OPEN tasks
     * @return this builder
     * @throws NullPointerException if {@code scheduler} is null
     * @throws IllegalStateException if already set
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Preconditions.setOnce("scheduler", this.scheduler, scheduler);
      return this;
    }

    /**
     * Adds a listener; may be called several times. Events are delivered to listeners in the order
     * they were added. With at least one listener that is not
     * {@linkplain CircuitBreakerListener#onTransition transitions-only}, every call is timed (two clock
     * reads) and call events are allocated; without one, no event is ever built for a call.
     *
     * @param listener the listener
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder listener(CircuitBreakerListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Makes the breaker keep its {@link CircuitBreakerStats}, returned by {@link CircuitBreaker#stats()},
     * with durations of the calls it times anyway (slow-call tracking, a call listener, the manual
     * form): the same as {@code recordStats(CircuitBreakerStats.Timing.WHEN_MEASURED)}. Default: no
     * statistics, and no cost for them.
     *
     * @return this builder
     * @throws IllegalStateException if statistics were already chosen
     */
    public Builder recordStats() {
      return recordStats(CircuitBreakerStats.Timing.WHEN_MEASURED);
    }

    /**
     * Makes the breaker keep its {@link CircuitBreakerStats}, returned by {@link CircuitBreaker#stats()}:
     * one more uncontended atomic increment per call (three when its duration is known; an untimed
     * success costs an opaque write to a cell its thread owns), no allocation.
     * {@link CircuitBreakerStats.Timing#EVERY_CALL} also times every guarded call (two clock reads
     * per call), so that the durations cover every call.
     *
     * @param timing which calls' durations the statistics sum
     * @return this builder
     * @throws NullPointerException if {@code timing} is null
     * @throws IllegalStateException if statistics were already chosen
     */
    public Builder recordStats(CircuitBreakerStats.Timing timing) {
      Objects.requireNonNull(timing, "timing");
      Preconditions.requireUnset("recordStats", statsTiming);
      statsTiming = timing;
      return this;
    }

    /**
     * Builds the breaker, CLOSED.
     *
     * @return the breaker
     */
    public CircuitBreaker build() {
      CircuitBreakerConfig c = config != null ? config : CircuitBreakerConfig.defaults();
      Ticker t = ticker != null ? ticker : Ticker.system();
      return new CircuitBreaker(this, c, t);
    }
  }
}
