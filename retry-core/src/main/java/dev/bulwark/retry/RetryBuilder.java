package dev.bulwark.retry;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.internal.Durations;
import dev.bulwark.core.Sleeper;
import dev.bulwark.core.Ticker;
import dev.bulwark.core.internal.Preconditions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link Retry}. Each setting may be made once (a second call throws
 * {@link IllegalStateException}); listeners accumulate; the order of calls never matters. Not
 * thread-safe; the built retry is.
 *
 * <p>Defaults: name {@code "retry"}; 3 attempts, or unlimited attempts when only
 * {@link #maxDuration} is set; no duration limit; {@link #DEFAULT_BACKOFF}; retry on
 * {@link Retry#defaultRetryOn()}; no rejection, result or abort rules; no Retry-After hints; no
 * budget; {@link Ticker#system()}; {@link Sleeper#system()}; {@code ThreadLocalRandom} for jitter;
 * a shared daemon scheduler for async delays; no listeners.
 */
public final class RetryBuilder {

  /**
   * The default backoff: exponential from 100 ms, times 2, capped at 10 s, with full jitter (each
   * delay uniform in [0, d)). Full jitter is recommended for retries: it spreads a herd of clients
   * that failed together better than any other jitter, at the price of sometimes retrying at once.
   */
  public static final Backoff DEFAULT_BACKOFF =
      Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(10)).withFullJitter();

  private @Nullable String name;
  private int maxAttempts;
  private long maxDurationNanos;
  private @Nullable Backoff backoff;
  private @Nullable Predicate<? super Throwable> retryOn;
  private boolean retryOnRejection;
  private @Nullable Predicate<? super Throwable> abortOn;
  private @Nullable Predicate<@Nullable Object> retryOnResult;
  private @Nullable Predicate<@Nullable Object> abortOnResult;
  private @Nullable Function<@Nullable Object, Optional<Duration>> resultHint;
  private @Nullable Function<? super Throwable, Optional<Duration>> failureHint;
  private @Nullable RetryBudget budget;
  private @Nullable Ticker ticker;
  private @Nullable Sleeper sleeper;
  private @Nullable DoubleSupplier random;
  private @Nullable ScheduledExecutorService scheduler;
  private final List<RetryListener> listeners = new ArrayList<>();
  private boolean recordStats;

  RetryBuilder() {}

  /**
   * Names the retry, for events and logs.
   *
   * @param name a non-blank name
   * @return this builder
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if the name was already set
   */
  public RetryBuilder name(String name) {
    this.name = Preconditions.setNameOnce(this.name, name);
    return this;
  }

  /**
   * Limits the number of attempts, the first call included: 3 means one call and two retries.
   *
   * @param maxAttempts at least 1 (1 disables retrying)
   * @return this builder
   * @throws IllegalArgumentException if {@code maxAttempts} is below 1
   * @throws IllegalStateException if it was already set
   */
  public RetryBuilder maxAttempts(int maxAttempts) {
    Preconditions.requireAtLeastOne("maxAttempts", maxAttempts);
    Preconditions.requireUnset("maxAttempts", this.maxAttempts != 0, this.maxAttempts);
    this.maxAttempts = maxAttempts;
    return this;
  }

  /**
   * Limits the total time of a call, from the start of its first attempt, sleeps included. A delay
   * that would reach the limit is not taken: the retry stops and reports the last outcome. Without
   * {@link #maxAttempts}, attempts are then unlimited.
   *
   * @param maxDuration a positive duration (saturated at about 292 years)
   * @return this builder
   * @throws IllegalArgumentException if {@code maxDuration} is zero or negative
   * @throws IllegalStateException if it was already set
   */
  public RetryBuilder maxDuration(Duration maxDuration) {
    long nanos = Durations.requirePositive("maxDuration", maxDuration);
    Preconditions.requireUnset("maxDuration", this.maxDurationNanos != 0, Duration.ofNanos(this.maxDurationNanos));
    this.maxDurationNanos = nanos;
    return this;
  }

  /**
   * Sets the delays between attempts: the n-th retry waits the backoff's delay n (from 0), or a
   * Retry-After hint if that is longer.
   *
   * @param backoff the backoff; {@link #DEFAULT_BACKOFF} if unset
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public RetryBuilder backoff(Backoff backoff) {
    this.backoff = Preconditions.setOnce("backoff", this.backoff, backoff);
    return this;
  }

  /**
   * Sets which exceptions are retried. Never consulted for {@link InterruptedException} (never
   * retried) nor for a {@link dev.bulwark.core.RejectedException} (see {@link #retryOnRejection()}).
   * Exceptions of an async attempt are unwrapped from {@link java.util.concurrent.CompletionException}
   * first.
   *
   * @param retryOn true for a retryable exception; extend the default with
   *     {@code Retry.defaultRetryOn().or(...)}
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public RetryBuilder retryOn(Predicate<? super Throwable> retryOn) {
    this.retryOn = Preconditions.setOnce("retryOn", this.retryOn, retryOn);
    return this;
  }

  /**
   * Retries rejections of inner policies (a rate limiter's, a concurrency limiter's or a circuit
   * breaker's {@link dev.bulwark.core.RejectedException}), waiting at least the rejection's
   * retry-after. A rejection that can never succeed (retry-after {@code Long.MAX_VALUE}) is still
   * not retried. Without this setting rejections are never retried: retrying into an open breaker
   * only adds load.
   *
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public RetryBuilder retryOnRejection() {
    if (retryOnRejection) {
      throw new IllegalStateException("retryOnRejection was already set");
    }
    this.retryOnRejection = true;
    return this;
  }

  /**
   * Retries results of a type that match a predicate, e.g. HTTP 429, 500, 502, 503, 504. Results of
   * other types, and null, are not retried. When retries are exhausted the last result is returned.
   *
   * @param type the result type the predicate applies to
   * @param retryOnResult true for a result to retry
   * @param <R> the result type
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public <R> RetryBuilder retryOnResult(Class<R> type, Predicate<? super R> retryOnResult) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(retryOnResult, "retryOnResult");
    Preconditions.requireUnset("retryOnResult", this.retryOnResult);
    this.retryOnResult = result -> type.isInstance(result) && retryOnResult.test(type.cast(result));
    return this;
  }

  /**
   * Stops at once on matching exceptions, even retryable ones, with an
   * {@link RetryEvent.Aborted} event. The exception is thrown unchanged.
   *
   * @param abortOn true for an exception that must not be retried
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public RetryBuilder abortOn(Predicate<? super Throwable> abortOn) {
    this.abortOn = Preconditions.setOnce("abortOn", this.abortOn, abortOn);
    return this;
  }

  /**
   * Stops at once on matching results, even retryable ones, with an {@link RetryEvent.Aborted}
   * event. The result is returned.
   *
   * @param type the result type the predicate applies to
   * @param abortOnResult true for a result that must not be retried
   * @param <R> the result type
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public <R> RetryBuilder abortOnResult(Class<R> type, Predicate<? super R> abortOnResult) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(abortOnResult, "abortOnResult");
    Preconditions.requireUnset("abortOnResult", this.abortOnResult);
    this.abortOnResult = result -> type.isInstance(result) && abortOnResult.test(type.cast(result));
    return this;
  }

  /**
   * Reads the server's requested delay from a retryable result, typically with
   * {@link RetryAfterHeader#parse}. The next delay is at least the hint; a hint that reaches the end
   * of {@link #maxDuration} stops the retry. Set {@code maxDuration} to bound what a server may ask.
   *
   * @param type the result type the function applies to; other results give no hint
   * @param hint returns the delay, or empty for none; negative delays are ignored
   * @param <R> the result type
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public <R> RetryBuilder retryAfterFromResult(
      Class<R> type, Function<? super R, Optional<Duration>> hint) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(hint, "hint");
    Preconditions.requireUnset("retryAfterFromResult", this.resultHint);
    this.resultHint =
        result -> type.isInstance(result) ? hint.apply(type.cast(result)) : Optional.empty();
    return this;
  }

  /**
   * Reads the server's requested delay from a retryable exception. A retried
   * {@link dev.bulwark.core.RejectedException}'s own retry-after is used without this; when both
   * exist, the longer one counts.
   *
   * @param hint returns the delay, or empty for none; negative delays are ignored
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public RetryBuilder retryAfterFromFailure(Function<? super Throwable, Optional<Duration>> hint) {
    Objects.requireNonNull(hint, "hint");
    Preconditions.requireUnset("retryAfterFromFailure", this.failureHint);
    this.failureHint = hint;
    return this;
  }

  /**
   * Shares a retry budget: when it is spent, retryable failures are reported at once.
   *
   * @param budget the budget, usually shared by every retry towards one service
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public RetryBuilder budget(RetryBudget budget) {
    this.budget = Preconditions.setOnce("budget", this.budget, budget);
    return this;
  }

  /**
   * Sets the clock that measures {@link #maxDuration}.
   *
   * @param ticker the clock, e.g. a {@link dev.bulwark.core.ManualTicker} in tests
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public RetryBuilder ticker(Ticker ticker) {
    this.ticker = Preconditions.setOnce("ticker", this.ticker, ticker);
    return this;
  }

  /**
   * Sets how sync calls wait between attempts.
   *
   * @param sleeper the sleeper, e.g. {@link dev.bulwark.core.ManualTicker#sleeper()} in tests
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public RetryBuilder sleeper(Sleeper sleeper) {
    this.sleeper = Preconditions.setOnce("sleeper", this.sleeper, sleeper);
    return this;
  }

  /**
   * Sets the randomness of jittered backoffs.
   *
   * @param random returns values uniform in [0, 1); called once per jittered delay, possibly from
   *     several threads at once
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public RetryBuilder random(DoubleSupplier random) {
    this.random = Preconditions.setOnce("random", this.random, random);
    return this;
  }

  /**
   * Sets the scheduler of async delays. The attempts after the first start on its thread.
   *
   * @param scheduler the scheduler; never shut down by the retry
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public RetryBuilder scheduler(ScheduledExecutorService scheduler) {
    this.scheduler = Preconditions.setOnce("scheduler", this.scheduler, scheduler);
    return this;
  }

  /**
   * Adds a listener.
   *
   * @param listener the listener
   * @return this builder
   */
  public RetryBuilder listener(RetryListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Makes the retry keep its {@link RetryCounts}, returned by {@link Retry#stats()}: one more
   * uncontended atomic increment per call that succeeds first time, two after a failure, no
   * allocation. Default: no statistics, and no cost for them; a built retry can never start keeping
   * them.
   *
   * @return this builder
   * @throws IllegalStateException if already called
   */
  public RetryBuilder recordStats() {
    Preconditions.requireUnset("recordStats", recordStats, true);
    recordStats = true;
    return this;
  }

  /**
   * Builds the retry.
   *
   * @return a new, immutable, thread-safe retry
   */
  public Retry build() {
    Settings s = new Settings();
    s.name = name != null ? name : "retry";
    s.maxAttempts =
        maxAttempts != 0 ? maxAttempts : maxDurationNanos != 0 ? Integer.MAX_VALUE : 3;
    s.maxDurationNanos = maxDurationNanos != 0 ? maxDurationNanos : Long.MAX_VALUE;
    s.backoff = backoff != null ? backoff : DEFAULT_BACKOFF;
    s.retryOn = retryOn != null ? retryOn : Retry.defaultRetryOn();
    s.retryOnRejection = retryOnRejection;
    s.abortOn = abortOn;
    s.retryOnResult = retryOnResult;
    s.abortOnResult = abortOnResult;
    s.resultHint = resultHint;
    s.failureHint = failureHint;
    s.budget = budget;
    s.ticker = ticker != null ? ticker : Ticker.system();
    s.sleeper = sleeper != null ? sleeper : Sleeper.system();
    s.random = random;
    s.scheduler = scheduler;
    s.listeners = List.copyOf(listeners);
    s.recordStats = recordStats;
    return new Retry(s);
  }

  /** The resolved configuration handed to {@link Retry}'s constructor. */
  static final class Settings {
    String name = "retry";
    int maxAttempts;
    long maxDurationNanos;
    Backoff backoff = DEFAULT_BACKOFF;
    Predicate<? super Throwable> retryOn = Retry.defaultRetryOn();
    boolean retryOnRejection;
    @Nullable Predicate<? super Throwable> abortOn;
    @Nullable Predicate<@Nullable Object> retryOnResult;
    @Nullable Predicate<@Nullable Object> abortOnResult;
    @Nullable Function<@Nullable Object, Optional<Duration>> resultHint;
    @Nullable Function<? super Throwable, Optional<Duration>> failureHint;
    @Nullable RetryBudget budget;
    Ticker ticker = Ticker.system();
    Sleeper sleeper = Sleeper.system();
    @Nullable DoubleSupplier random;
    @Nullable ScheduledExecutorService scheduler;
    List<RetryListener> listeners = List.of();
    boolean recordStats;
  }
}
