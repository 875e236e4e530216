package dev.bulwark.retry;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.BackoffSequence;
import dev.bulwark.core.CheckedRunnable;
import dev.bulwark.core.CheckedSupplier;
import dev.bulwark.core.internal.Durations;
import dev.bulwark.core.Policy;
import dev.bulwark.core.RejectedException;
import dev.bulwark.core.Sleeper;
import dev.bulwark.core.Ticker;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Retries a failed call: a fixed number of attempts and/or a total duration, a {@link Backoff}
 * between attempts, rules for what to retry and what to abort on, server Retry-After hints, and an
 * optional {@link RetryBudget} shared with other retries. Built with {@link #builder()}; immutable
 * and thread-safe; one instance guards any number of concurrent calls.
 *
 * <pre>{@code
 * Retry retry = Retry.builder()
 *     .maxAttempts(3)
 *     .maxDuration(Duration.ofSeconds(10))
 *     .backoff(Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(5)).withFullJitter())
 *     .retryOnResult(HttpResponse.class, r -> r.statusCode() == 429 || r.statusCode() >= 500)
 *     .retryAfterFromResult(HttpResponse.class,
 *         r -> r.headers().firstValue("Retry-After").flatMap(v -> RetryAfterHeader.parse(v, clock)))
 *     .budget(sharedBudget)
 *     .build();
 * HttpResponse<String> response = retry.call(() -> client.send(request, ofString()));
 * }</pre>
 *
 * <h2>Semantics</h2>
 * After each attempt, in this order:
 * <ol>
 *   <li>An {@link Error} is never caught. An {@link InterruptedException}, or any failure while the
 *       calling thread's interrupt flag is set (sync calls), stops at once.
 *   <li>An abort rule ({@link RetryBuilder#abortOn}, {@link RetryBuilder#abortOnResult}) that
 *       matches reports the outcome at once.
 *   <li>A {@link RejectedException} (rate limiter, circuit breaker, concurrency limiter) is retried
 *       only with {@link RetryBuilder#retryOnRejection()}, and then no earlier than its
 *       {@link RejectedException#retryAfterNanos() retry-after}; one that can never succeed
 *       ({@code Long.MAX_VALUE}) is not retried. Other exceptions are retried when the
 *       {@link RetryBuilder#retryOn retryOn} predicate matches ({@link #defaultRetryOn()} by
 *       default: I/O errors and timeouts). A result is retried when
 *       {@link RetryBuilder#retryOnResult retryOnResult} matches it.
 *   <li>A retryable outcome after {@code maxAttempts} attempts (counting the first call) is
 *       reported: the last exception is thrown, or the last result returned.
 *   <li>The delay is the next backoff delay, or the Retry-After hint if longer. If that delay would
 *       reach the end of {@code maxDuration} (measured from the start of the first attempt), the
 *       retry stops before sleeping and reports the last outcome: the total time, sleeps included,
 *       never exceeds {@code maxDuration}, unless an attempt itself runs past it (bound attempts with
 *       an inner {@link Timeout}).
 *   <li>A {@link RetryBudget} that refuses the retry stops it and reports the last outcome.
 *   <li>Otherwise the retry sleeps (sync) or schedules (async) the next attempt.
 * </ol>
 *
 * <p>When a call fails after retries, the thrown exception carries the earlier failures of the call
 * as {@linkplain Throwable#getSuppressed() suppressed} exceptions: the first ones, at most 8 in total
 * on any exception. A result-based retry that is exhausted returns the last result, so the caller
 * sees the last response (a 503, say) rather than an exception.
 *
 * <h2>Interruption</h2>
 * A sync call whose thread is interrupted while sleeping between attempts stops, sets the thread's
 * interrupt flag again, and throws the {@link InterruptedException} (checked, through
 * {@link #call}'s {@code throws Exception}), with the last failure attached as suppressed.
 *
 * <h2>Async</h2>
 * {@link #callAsync} never blocks a thread: delays are scheduled on the
 * {@linkplain RetryBuilder#scheduler scheduler}, and the retries' calls run on the scheduler's thread,
 * so they must not block. Cancelling the returned stage (for example by an outer {@link Timeout})
 * cancels the pending delay and the attempt in flight; no further attempt starts.
 *
 * <h2>Cost</h2>
 * A call that succeeds first time allocates nothing and takes no lock (with a budget, one atomic
 * update; when built with {@link RetryBuilder#recordStats()}, one more); the backoff sequence, events and
 * bookkeeping are created only after a failure.
 *
 * <h2>Logs and metrics</h2>
 * Operational events go to the logger {@code dev.bulwark.retry} with an {@code event} key-value:
 * {@code retry_exhausted} (WARN), {@code retry_budget_exhausted} (WARN, when the budget starts
 * refusing) and {@code retry_budget_recovered} (INFO), and at DEBUG each failed attempt, abort and
 * interruption. A successful call is never logged. Observation is chosen on the builder only: one
 * listener type ({@link RetryListener}), and one statistics view, {@link #stats()}, counting calls by
 * {@link RetryOutcome} when the retry was built with {@link RetryBuilder#recordStats()}; the
 * {@code micrometer-metrics} module binds it.
 */
public final class Retry implements Policy {

  static final int SUCCESS = 0;
  static final int RETRY = 1;
  static final int NOT_RETRYABLE = 2;
  static final int ABORT = 3;
  static final int INTERRUPTED = 4;
  private static final int UNCLASSIFIED = -1;

  private final String name;
  private final int maxAttempts;
  private final long maxDurationNanos;
  private final Backoff backoff;
  private final Predicate<? super Throwable> retryOn;
  private final boolean retryOnRejection;
  private final @Nullable Predicate<? super Throwable> abortOn;
  private final @Nullable Predicate<@Nullable Object> retryOnResult;
  private final @Nullable Predicate<@Nullable Object> abortOnResult;
  private final @Nullable Function<@Nullable Object, Optional<Duration>> resultHint;
  private final @Nullable Function<? super Throwable, Optional<Duration>> failureHint;
  private final @Nullable RetryBudget budget;
  private final Ticker ticker;
  private final Sleeper sleeper;
  private final @Nullable DoubleSupplier random;
  private final @Nullable ScheduledExecutorService scheduler;
  private final RetryNotifier notifier;

  Retry(RetryBuilder.Settings s) {
    this.name = s.name;
    this.maxAttempts = s.maxAttempts;
    this.maxDurationNanos = s.maxDurationNanos;
    this.backoff = s.backoff;
    this.retryOn = s.retryOn;
    this.retryOnRejection = s.retryOnRejection;
    this.abortOn = s.abortOn;
    this.retryOnResult = s.retryOnResult;
    this.abortOnResult = s.abortOnResult;
    this.resultHint = s.resultHint;
    this.failureHint = s.failureHint;
    this.budget = s.budget;
    this.ticker = s.ticker;
    this.sleeper = s.sleeper;
    this.random = s.random;
    this.scheduler = s.scheduler;
    this.notifier = new RetryNotifier(s.name, s.listeners, s.recordStats);
  }

  /**
   * Starts configuring a retry.
   *
   * @return a new builder
   */
  public static RetryBuilder builder() {
    return new RetryBuilder();
  }

  /**
   * Returns a retry with every default: 3 attempts, {@link RetryBuilder#DEFAULT_BACKOFF}, retrying
   * {@link #defaultRetryOn()} failures.
   *
   * @return a new retry
   */
  public static Retry ofDefaults() {
    return builder().build();
  }

  /**
   * Returns the default rule of which exceptions are retried: {@link java.io.IOException} (including
   * {@code java.net.http.HttpTimeoutException}), {@link java.io.UncheckedIOException} and
   * {@link java.util.concurrent.TimeoutException}; never {@link InterruptedException} nor the I/O
   * exceptions that report an interrupt. Combine it: {@code defaultRetryOn().or(e -> ...)}.
   *
   * @return the shared, stateless predicate
   */
  public static Predicate<Throwable> defaultRetryOn() {
    return DefaultRetryOn.INSTANCE;
  }

  /**
   * Runs a call, retrying it as configured.
   *
   * @param call the call
   * @param <T> the result type
   * @return the first result that is not retried, or the last result when retries are exhausted
   * @throws InterruptedException if the thread is interrupted while waiting between attempts (its
   *     interrupt flag is set again)
   * @throws Exception the call's last exception when it is not retried or retries are exhausted
   */
  public <T> T call(CheckedSupplier<T> call) throws Exception {
    Objects.requireNonNull(call, "call");
    return execute(call, Policy.Next.direct());
  }

  /**
   * Runs an action, retrying it as configured.
   *
   * @param action the action
   * @throws InterruptedException if the thread is interrupted while waiting between attempts (its
   *     interrupt flag is set again)
   * @throws Exception the action's last exception when it is not retried or retries are exhausted
   */
  public void run(CheckedRunnable action) throws Exception {
    Objects.requireNonNull(action, "action");
    execute(
        () -> {
          action.run();
          return Boolean.TRUE;
        },
        Policy.Next.direct());
  }

  /**
   * Runs an asynchronous call, retrying it without blocking a thread. Never throws: a supplier that
   * throws, or returns null, counts as a failed attempt. Cancelling the returned stage stops further
   * attempts and cancels the pending one.
   *
   * @param call supplies a new stage for each attempt
   * @param <T> the result type
   * @return the stage of the call's final outcome; a failure is the unwrapped exception (not a
   *     {@link CompletionException})
   */
  public <T> CompletionStage<T> callAsync(Supplier<? extends CompletionStage<T>> call) {
    Objects.requireNonNull(call, "call");
    return executeAsync(call, Policy.AsyncNext.direct());
  }

  @Override
  public <T> T execute(CheckedSupplier<T> call, Next next) throws Exception {
    long start = maxDurationNanos != Long.MAX_VALUE ? ticker.read() : 0L;
    RetryBudget b = budget;
    if (b != null) {
      b.recordCall();
    }
    T result;
    try {
      result = next.proceed(call);
    } catch (Exception e) {
      return retrySync(call, next, start, UNCLASSIFIED, null, e);
    }
    if (retryOnResult != null || abortOnResult != null) {
      int verdict = classifyResult(result);
      if (verdict != SUCCESS) {
        return retrySync(call, next, start, verdict, result, null);
      }
    }
    if (b != null) {
      b.recordSuccess();
    }
    notifier.succeeded();
    return result;
  }

  // NullAway reads T as non-null, but T is the caller's type: a null result is returned as is.
  @SuppressWarnings("NullAway")
  private <T> T retrySync(
      CheckedSupplier<T> call,
      Next next,
      long start,
      int firstVerdict,
      @Nullable T firstResult,
      @Nullable Exception firstFailure)
      throws Exception {
    RetryRun run = new RetryRun(this, start);
    T result = firstResult;
    Exception failure = firstFailure;
    int verdict = firstVerdict;
    for (; ; ) {
      long delay =
          verdict != UNCLASSIFIED ? run.decide(verdict, result, failure) : run.decide(result, failure, true);
      verdict = UNCLASSIFIED;
      if (delay == RetryRun.STOP) {
        if (failure != null) {
          throw run.withEarlierFailures(failure);
        }
        return result;
      }
      try {
        sleeper.sleepNanos(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        notifier.interrupted(run.attempts() - 1);
        if (failure != null) {
          e.addSuppressed(run.withEarlierFailures(failure));
        }
        throw e;
      }
      try {
        result = next.proceed(call);
        failure = null;
      } catch (Exception e) {
        result = null;
        failure = e;
      }
    }
  }

  @Override
  public <T> CompletionStage<T> executeAsync(
      Supplier<? extends CompletionStage<T>> call, AsyncNext next) {
    long start = maxDurationNanos != Long.MAX_VALUE ? ticker.read() : 0L;
    RetryBudget b = budget;
    if (b != null) {
      b.recordCall();
    }
    CompletionStage<T> stage = next.proceed(call);
    CompletableFuture<T> future = AsyncRetryRun.toFuture(stage);
    if (future != null && future.isDone() && !future.isCompletedExceptionally()) {
      if (retryOnResult == null && abortOnResult == null) {
        if (b != null) {
          b.recordSuccess();
        }
        notifier.succeeded();
        return stage;
      }
    }
    return new AsyncRetryRun<T>(this, call, next, start).start(stage, future);
  }

  // ---- rules, used by RetryRun for sync and async alike ----

  int classifyFailure(Throwable failure, boolean onCallingThread) {
    if (failure instanceof InterruptedException
        || (onCallingThread && Thread.currentThread().isInterrupted())) {
      return INTERRUPTED;
    }
    Predicate<? super Throwable> abort = abortOn;
    if (abort != null && abort.test(failure)) {
      return ABORT;
    }
    if (failure instanceof RejectedException) {
      return retryOnRejection && ((RejectedException) failure).retryAfterNanos() != Long.MAX_VALUE
          ? RETRY
          : NOT_RETRYABLE;
    }
    return retryOn.test(failure) ? RETRY : NOT_RETRYABLE;
  }

  int classifyResult(@Nullable Object result) {
    Predicate<@Nullable Object> abort = abortOnResult;
    if (abort != null && abort.test(result)) {
      return ABORT;
    }
    Predicate<@Nullable Object> retry = retryOnResult;
    return retry != null && retry.test(result) ? RETRY : SUCCESS;
  }

  /** The longest Retry-After hint for this outcome in nanoseconds, or -1 for none. */
  long hintNanos(@Nullable Object result, @Nullable Throwable failure) {
    long hint = -1;
    if (failure != null) {
      if (failure instanceof RejectedException) {
        hint = ((RejectedException) failure).retryAfterNanos();
      }
      Function<? super Throwable, Optional<Duration>> f = failureHint;
      if (f != null) {
        hint = Math.max(hint, toNanos(f.apply(failure)));
      }
    } else {
      Function<@Nullable Object, Optional<Duration>> f = resultHint;
      if (f != null) {
        hint = Math.max(hint, toNanos(f.apply(result)));
      }
    }
    return hint;
  }

  private static long toNanos(Optional<Duration> hint) {
    Objects.requireNonNull(hint, "a Retry-After hint function returned null instead of an Optional");
    if (hint.isEmpty() || hint.get().isNegative()) {
      return -1;
    }
    return Durations.toNanosSaturated(hint.get());
  }

  void recordSuccess() {
    RetryBudget b = budget;
    if (b != null) {
      b.recordSuccess();
    }
  }

  BackoffSequence newSequence() {
    DoubleSupplier r = random;
    return r != null ? backoff.sequence(r) : backoff.sequence();
  }

  ScheduledExecutorService scheduler() {
    ScheduledExecutorService s = scheduler;
    return s != null ? s : DefaultScheduler.get();
  }

  RetryNotifier notifier() {
    return notifier;
  }

  @Nullable RetryBudget budgetOrNull() {
    return budget;
  }

  Ticker ticker() {
    return ticker;
  }

  boolean hasMaxDuration() {
    return maxDurationNanos != Long.MAX_VALUE;
  }

  long maxDurationNanos() {
    return maxDurationNanos;
  }

  /**
   * Returns this retry's statistics: its calls by outcome, and their attempts, since it was built.
   * Present only if the retry was built with {@link RetryBuilder#recordStats()} (a call then costs
   * one more uncontended atomic increment when it succeeds first time, two more after a failure,
   * and still allocates nothing); otherwise empty, and it never becomes present. Every call returns
   * the same instance.
   *
   * @return the live counts, or empty if the retry was built without statistics
   */
  public Optional<RetryCounts> stats() {
    return notifier.stats();
  }

  // ---- configuration, for users ----

  /**
   * Returns the name used in events and logs.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the maximum number of attempts, the first call included.
   *
   * @return at least 1; {@link Integer#MAX_VALUE} when only {@code maxDuration} limits the retries
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Returns the limit on the total time of a call, sleeps included.
   *
   * @return the limit, or empty if there is none
   */
  public Optional<Duration> maxDuration() {
    return hasMaxDuration() ? Optional.of(Duration.ofNanos(maxDurationNanos)) : Optional.empty();
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
   * Returns the retry budget.
   *
   * @return the budget, or empty if retries are not budgeted
   */
  public Optional<RetryBudget> budget() {
    return Optional.ofNullable(budget);
  }

  @Override
  public String toString() {
    return "Retry["
        + name
        + ", maxAttempts="
        + (maxAttempts == Integer.MAX_VALUE ? "unlimited" : String.valueOf(maxAttempts))
        + (hasMaxDuration() ? ", maxDuration=" + Duration.ofNanos(maxDurationNanos) : "")
        + ", backoff="
        + backoff
        + "]";
  }
}
