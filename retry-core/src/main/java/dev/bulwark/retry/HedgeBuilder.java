package dev.bulwark.retry;

import dev.bulwark.core.Ticker;
import dev.bulwark.core.internal.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link Hedge}. Each setting may be made once (a second call throws
 * {@link IllegalStateException}); listeners accumulate; the order of calls never matters. Not
 * thread-safe; the built hedge is.
 *
 * <p>Required: {@link #delay}. Defaults: name {@code "hedge"}; 2 attempts; no budget;
 * {@link Ticker#system()}; a shared cached pool of daemon threads for sync hedged attempts; the
 * shared daemon scheduler of {@link Retry} and {@link Timeout}; no listeners; no statistics.
 */
public final class HedgeBuilder {

  private @Nullable String name;
  private @Nullable HedgeDelay delay;
  private int maxAttempts;
  private @Nullable RetryBudget budget;
  private @Nullable Ticker ticker;
  private @Nullable Executor executor;
  private @Nullable ScheduledExecutorService scheduler;
  private final List<HedgeListener> listeners = new ArrayList<>();
  private boolean recordStats;

  HedgeBuilder() {}

  /**
   * Names the hedge, for events and logs.
   *
   * @param name a non-blank name
   * @return this builder
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if the name was already set
   */
  public HedgeBuilder name(String name) {
    this.name = Preconditions.setNameOnce(this.name, name);
    return this;
  }

  /**
   * Sets when further attempts start: {@link HedgeDelay#fixed} or {@link HedgeDelay#percentile}.
   *
   * @param delay the delay
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public HedgeBuilder delay(HedgeDelay delay) {
    this.delay = Preconditions.setOnce("delay", this.delay, delay);
    return this;
  }

  /**
   * Limits the attempts of one call, the primary included: 2 means at most one hedge. All of them
   * may be in flight at once.
   *
   * @param maxAttempts in [2, 16]
   * @return this builder
   * @throws IllegalArgumentException if {@code maxAttempts} is out of range
   * @throws IllegalStateException if it was already set
   */
  public HedgeBuilder maxAttempts(int maxAttempts) {
    if (maxAttempts < 2 || maxAttempts > 16) {
      throw new IllegalArgumentException("maxAttempts must be in [2, 16] but was " + maxAttempts);
    }
    Preconditions.requireUnset("maxAttempts", this.maxAttempts != 0, this.maxAttempts);
    this.maxAttempts = maxAttempts;
    return this;
  }

  /**
   * Makes each hedged attempt spend from a retry budget, usually the one of the dependency's
   * {@link Retry} (see {@link Hedge}, "Budget"): when it refuses, the call is not hedged further.
   *
   * @param budget the budget
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public HedgeBuilder budget(RetryBudget budget) {
    this.budget = Preconditions.setOnce("budget", this.budget, budget);
    return this;
  }

  /**
   * Sets the clock that measures latencies and due times; it must agree with the scheduler's
   * clock (a {@link dev.bulwark.core.ManualTicker} with its
   * {@link dev.bulwark.core.ManualScheduler} in tests).
   *
   * @param ticker the clock
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public HedgeBuilder ticker(Ticker ticker) {
    this.ticker = Preconditions.setOnce("ticker", this.ticker, ticker);
    return this;
  }

  /**
   * Sets the executor that runs sync hedged attempts. It needs a thread for each hedged attempt in
   * flight (a bounded pool delays hedges, a rejecting one makes the attempt fail); its threads are
   * interrupted when their attempt loses, so they must tolerate interrupts (a
   * {@link java.util.concurrent.ThreadPoolExecutor} clears them between tasks).
   *
   * @param executor the executor; never shut down by the hedge
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public HedgeBuilder executor(Executor executor) {
    this.executor = Preconditions.setOnce("executor", this.executor, executor);
    return this;
  }

  /**
   * Sets the scheduler of the delays; async hedged attempts start on its thread.
   *
   * @param scheduler the scheduler; never shut down by the hedge
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public HedgeBuilder scheduler(ScheduledExecutorService scheduler) {
    this.scheduler = Preconditions.setOnce("scheduler", this.scheduler, scheduler);
    return this;
  }

  /**
   * Adds a listener.
   *
   * @param listener the listener
   * @return this builder
   */
  public HedgeBuilder listener(HedgeListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  /**
   * Makes the hedge keep its {@link HedgeCounts}, returned by {@link Hedge#stats()}: one more
   * uncontended increment per call, no allocation. Default: no statistics, and no cost for them.
   *
   * @return this builder
   * @throws IllegalStateException if already called
   */
  public HedgeBuilder recordStats() {
    Preconditions.requireUnset("recordStats", recordStats, true);
    recordStats = true;
    return this;
  }

  /**
   * Builds the hedge.
   *
   * @return a new, immutable, thread-safe hedge
   * @throws IllegalStateException if no {@link #delay} was set
   */
  public Hedge build() {
    HedgeDelay d = delay;
    if (d == null) {
      throw new IllegalStateException("delay must be set: HedgeDelay.fixed(...) or HedgeDelay.percentile(...)");
    }
    Settings s = new Settings(d);
    s.name = name != null ? name : "hedge";
    s.maxAttempts = maxAttempts != 0 ? maxAttempts : 2;
    s.budget = budget;
    s.ticker = ticker != null ? ticker : Ticker.system();
    s.executor = executor;
    s.scheduler = scheduler;
    s.listeners = List.copyOf(listeners);
    s.recordStats = recordStats;
    return new Hedge(s);
  }

  /** The resolved configuration handed to {@link Hedge}'s constructor. */
  static final class Settings {
    final HedgeDelay delay;
    String name = "hedge";
    int maxAttempts = 2;
    @Nullable RetryBudget budget;
    Ticker ticker = Ticker.system();
    @Nullable Executor executor;
    @Nullable ScheduledExecutorService scheduler;
    List<HedgeListener> listeners = List.of();
    boolean recordStats;

    Settings(HedgeDelay delay) {
      this.delay = delay;
    }
  }
}
