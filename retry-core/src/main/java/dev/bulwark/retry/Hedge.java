package dev.bulwark.retry;

import dev.bulwark.core.CheckedSupplier;
import dev.bulwark.core.Policy;
import dev.bulwark.core.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Hedges a slow call: when an attempt has not finished after a delay, starts another one, and the
 * first to succeed wins. Cuts tail latency for idempotent calls (reads, LLM and search queries) at the
 * price of extra load, which a shared {@link RetryBudget} bounds. Built with {@link #builder()};
 * immutable and thread-safe; one instance guards any number of concurrent calls.
 *
 * <pre>{@code
 * Hedge hedge = Hedge.builder()
 *     .delay(HedgeDelay.percentile(95, 1024, Duration.ofMillis(200), Duration.ofMillis(20)))
 *     .maxAttempts(2)
 *     .budget(sharedBudget)
 *     .build();
 * String answer = hedge.call(() -> search(query));
 * }</pre>
 *
 * <h2>Semantics</h2>
 * <ol>
 *   <li>The primary attempt starts at once. If it ends (success or failure) before the
 *       {@linkplain HedgeBuilder#delay delay}, its outcome is the call's: nothing else happens.
 *   <li>Otherwise, at the delay, a second attempt starts, if the {@link RetryBudget} allows it; each
 *       further attempt starts one delay after the previous one, up to
 *       {@linkplain HedgeBuilder#maxAttempts maxAttempts} attempts in all, all of which may be in
 *       flight at once. A budget that refuses an attempt stops further hedging of that call; the
 *       attempts in flight go on.
 *   <li>The first attempt to succeed wins: the caller gets its result and every other attempt is
 *       cancelled, pending hedges included. Sync: a losing hedged attempt's thread is interrupted
 *       (its {@link java.util.concurrent.FutureTask} is cancelled), and a losing primary attempt's
 *       thread, the caller's own, is interrupted too; the caller returns the winner's result once its
 *       primary attempt has returned or thrown (an attempt that ignores interrupts is waited for), and
 *       that interrupt is cleared before the call returns. Async: the losers' futures are cancelled
 *       ({@code cancel(true)}).
 *   <li>A failed attempt does not end the call while another is in flight. When every started
 *       attempt has failed, the call fails with the primary attempt's exception, the others'
 *       {@linkplain Throwable#getSuppressed() suppressed} in it, and no further hedge starts. A
 *       hedge does not retry failures: put a {@link Retry} outside it for that.
 *   <li>An {@link Error} thrown by a sync primary attempt is never caught: the other attempts are
 *       cancelled and it propagates. One thrown by a hedged attempt counts as that attempt's
 *       failure.
 * </ol>
 * Each attempt runs the inner policies of the {@link dev.bulwark.core.Pipeline} again: put the
 * hedge outside a breaker and a limiter so that every attempt passes them, inside a
 * {@link Timeout} that bounds the whole call.
 *
 * <h2>Threads</h2>
 * Sync ({@link #call}, {@link #execute}): the primary attempt runs on the caller's thread; hedged
 * attempts run on the {@linkplain HedgeBuilder#executor executor} (by default a shared cached pool
 * of daemon threads). Async ({@link #callAsync}, {@link #executeAsync}): hedged attempts are started
 * on the {@linkplain HedgeBuilder#scheduler scheduler}'s thread and must not block. Cancelling the
 * returned stage cancels every attempt. The delays run on the scheduler, by default the one shared
 * daemon thread of {@link Retry} and {@link Timeout}.
 *
 * <h2>Budget</h2>
 * Each call is {@linkplain RetryBudget#recordCall() counted}, each call that succeeds before its
 * delay records a {@linkplain RetryBudget#recordSuccess() success}, and each hedged attempt first
 * asks {@link RetryBudget#tryAcquireRetry()} and, when allowed, is charged as a
 * {@linkplain RetryBudget#recordFailure() failed attempt} (a token bucket loses a token; a
 * percentage budget counts it as a retry). Share one budget between a retry and a hedge of the same
 * dependency to bound the extra load of both; prefer a token bucket for that, since a retry and a
 * hedge in one pipeline each count the call, so a shared percentage budget sees every call twice.
 *
 * <h2>Cost</h2>
 * A sync call that ends before its delay allocates nothing and takes no lock: it reads the ticker,
 * claims and releases a preallocated slot (two CASes) and, about once per delay, a sweep is
 * scheduled (see {@code SyncHedgeSlots}); beyond 128 concurrent sync calls of one hedge, each
 * further call allocates a timer of its own. An async call whose stage is already complete when the
 * call returns it allocates nothing either; a pending stage arms one timer. With a budget, each call
 * costs its updates; with a percentile delay, one more ticker read and one ring write. A hedged call
 * allocates its race, its attempts and their timers.
 *
 * <h2>Observing</h2>
 * One listener type ({@link HedgeListener}, events only for calls that reached their delay), and
 * one statistics view, {@link #stats()}, when built with {@link HedgeBuilder#recordStats()}; the
 * {@code micrometer-metrics} module binds it. Hedges started and budget refusals are logged at DEBUG
 * on the logger {@code dev.bulwark.retry}.
 */
public final class Hedge implements Policy {

  private final String name;
  private final HedgeDelay delay;
  private final int maxAttempts;
  private final @Nullable RetryBudget budget;
  private final Ticker ticker;
  private final @Nullable Executor executor;
  private final @Nullable ScheduledExecutorService scheduler;
  private final @Nullable LatencyRing ring;
  private final HedgeNotifier notifier;
  private final SyncHedgeSlots slots;

  Hedge(HedgeBuilder.Settings s) {
    this.name = s.name;
    this.delay = s.delay;
    this.maxAttempts = s.maxAttempts;
    this.budget = s.budget;
    this.ticker = s.ticker;
    this.executor = s.executor;
    this.scheduler = s.scheduler;
    this.ring = s.delay.adaptive() ? new LatencyRing(s.delay) : null;
    this.notifier = new HedgeNotifier(s.name, s.listeners, s.recordStats);
    this.slots = new SyncHedgeSlots(this);
  }

  /**
   * Starts configuring a hedge.
   *
   * @return a new builder
   */
  public static HedgeBuilder builder() {
    return new HedgeBuilder();
  }

  /**
   * Runs a call, hedging it as configured.
   *
   * @param call the call; it may run on several threads at once, so it must be safe to repeat
   * @param <T> the result type
   * @return the result of the first attempt to succeed
   * @throws InterruptedException if the caller is interrupted while waiting for hedged attempts
   *     (they are cancelled and the interrupt flag is set again)
   * @throws Exception the primary attempt's exception when every attempt failed
   */
  public <T> T call(CheckedSupplier<T> call) throws Exception {
    Objects.requireNonNull(call, "call");
    return execute(call, Policy.Next.direct());
  }

  /**
   * Runs an asynchronous call, hedging it without blocking a thread. Never throws: a supplier that
   * throws, or returns null, counts as a failed attempt.
   *
   * @param call supplies a new stage for each attempt
   * @param <T> the result type
   * @return the stage of the first attempt to succeed, or of the primary attempt's failure when
   *     every attempt failed; cancelling it cancels every attempt
   */
  public <T> CompletionStage<T> callAsync(Supplier<? extends CompletionStage<T>> call) {
    Objects.requireNonNull(call, "call");
    return executeAsync(call, Policy.AsyncNext.direct());
  }

  @Override
  public <T> T execute(CheckedSupplier<T> call, Next next) throws Exception {
    RetryBudget b = budget;
    if (b != null) {
      b.recordCall();
    }
    long start = ticker.read();
    SyncHedgeSlots.Slot slot = slots.claim(call, next, start, delayNanos());
    T result;
    try {
      result = next.proceed(call);
    } catch (Exception failure) {
      if (slots.release(slot)) {
        notifier.unhedged(false);
        throw failure;
      }
      return hedged(slot, null, failure);
    } catch (Error error) {
      if (!slots.release(slot)) {
        try {
          slots.race(slot).primaryError();
        } finally {
          slots.finish(slot);
        }
      }
      throw error;
    }
    if (slots.release(slot)) {
      recordUnhedgedSuccess(start);
      return result;
    }
    return hedged(slot, result, null);
  }

  private <T> T hedged(SyncHedgeSlots.Slot slot, @Nullable T result, @Nullable Throwable failure)
      throws Exception {
    SyncHedgeRace<T> race = slots.race(slot);
    try {
      return race.primaryEnded(result, failure);
    } finally {
      slots.finish(slot);
    }
  }

  @Override
  public <T> CompletionStage<T> executeAsync(
      Supplier<? extends CompletionStage<T>> call, AsyncNext next) {
    RetryBudget b = budget;
    if (b != null) {
      b.recordCall();
    }
    long start = ticker.read();
    CompletionStage<T> stage = next.proceed(call);
    CompletableFuture<T> future = AsyncRetryRun.toFuture(stage);
    if (future != null && future.isDone()) {
      if (future.isCompletedExceptionally()) {
        notifier.unhedged(false);
      } else {
        recordUnhedgedSuccess(start);
      }
      return stage;
    }
    return new AsyncHedgeRace<T>(this, start, call, next).start(stage, future);
  }

  private void recordUnhedgedSuccess(long start) {
    RetryBudget b = budget;
    if (b != null) {
      b.recordSuccess();
    }
    LatencyRing r = ring;
    if (r != null) {
      r.record(ticker.read() - start);
    }
    notifier.unhedged(true);
  }

  // ---- used by the races ----

  /** A hedged call was won by an attempt that took {@code latencyNanos}. */
  void recordWin(long latencyNanos) {
    RetryBudget b = budget;
    if (b != null) {
      b.recordSuccess();
    }
    LatencyRing r = ring;
    if (r != null) {
      r.record(latencyNanos);
    }
  }

  /** Asks the budget for one hedged attempt and charges it; true if it may start. */
  boolean spendBudget() {
    RetryBudget b = budget;
    if (b == null) {
      return true;
    }
    if (!b.tryAcquireRetry()) {
      return false;
    }
    b.recordFailure();
    return true;
  }

  long delayNanos() {
    LatencyRing r = ring;
    return r != null ? r.delayNanos() : delay.initialNanos();
  }

  Ticker ticker() {
    return ticker;
  }

  Executor executor() {
    Executor e = executor;
    return e != null ? e : DefaultHedgeExecutor.get();
  }

  ScheduledExecutorService scheduler() {
    ScheduledExecutorService s = scheduler;
    return s != null ? s : DefaultScheduler.get();
  }

  HedgeNotifier notifier() {
    return notifier;
  }

  // ---- for users ----

  /**
   * Returns the delay that the next call would wait before its first hedge: the fixed delay, or the
   * current percentile of a percentile delay.
   *
   * @return a positive or zero duration
   */
  public Duration currentDelay() {
    return Duration.ofNanos(delayNanos());
  }

  /**
   * Returns the configured delay.
   *
   * @return the delay
   */
  public HedgeDelay delay() {
    return delay;
  }

  /**
   * Returns the most attempts of one call, the primary included.
   *
   * @return at least 2
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Returns the name used in events and logs.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the budget that hedged attempts spend.
   *
   * @return the budget, or empty if hedges are not budgeted
   */
  public Optional<RetryBudget> budget() {
    return Optional.ofNullable(budget);
  }

  /**
   * Returns this hedge's statistics since it was built: calls by {@link HedgeOutcome}, hedges
   * started, budget refusals. Present only if the hedge was built with
   * {@link HedgeBuilder#recordStats()} (then a call that ends before its delay costs one more
   * uncontended increment, and still allocates nothing); otherwise empty. Every call returns the
   * same instance.
   *
   * @return the live counts, or empty if the hedge was built without statistics
   */
  public Optional<HedgeCounts> stats() {
    return notifier.stats();
  }

  @Override
  public String toString() {
    return "Hedge[" + name + ", " + delay + ", maxAttempts=" + maxAttempts + "]";
  }
}
