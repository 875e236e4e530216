package dev.bulwark.core;

import dev.bulwark.core.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that only moves when told to: the clock for deterministic tests of code that uses
 * Bulwark (and of Bulwark itself).
 *
 * <pre>{@code
 * ManualTicker ticker = new ManualTicker();
 * RateLimiter limiter = RateLimiter.builder(RateLimit.perSecond(10)).ticker(ticker).build();
 * ticker.advance(Duration.ofMillis(100));
 * }</pre>
 *
 * <p>{@link #sleeper()} returns a {@link Sleeper} that advances this ticker by the requested amount
 * instead of blocking, and records every request, so blocking code can be tested without real sleeps.
 *
 * <p>Thread-safe. The reading starts at 0 (or the value given to the constructor) and never goes
 * backwards: advancing by a negative amount is refused.
 */
public final class ManualTicker implements Ticker {

  private final AtomicLong nanos;
  private final List<Long> sleeps = new ArrayList<>();
  private final Sleeper sleeper = this::recordSleep;

  /** Creates a ticker reading 0. */
  public ManualTicker() {
    this(0L);
  }

  /**
   * Creates a ticker with the given initial reading.
   *
   * @param initialNanos the first reading; any value, including negative ones (as
   *     {@link System#nanoTime()} may return)
   */
  public ManualTicker(long initialNanos) {
    this.nanos = new AtomicLong(initialNanos);
  }

  @Override
  public long read() {
    return nanos.get();
  }

  /**
   * Moves the clock forward.
   *
   * @param duration how far; zero is allowed
   * @return this ticker, for chaining
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public ManualTicker advance(Duration duration) {
    return advanceNanos(Durations.toNanosSaturated(duration));
  }

  /**
   * Moves the clock forward.
   *
   * @param deltaNanos how far, in nanoseconds; zero is allowed
   * @return this ticker, for chaining
   * @throws IllegalArgumentException if {@code deltaNanos} is negative
   */
  public ManualTicker advanceNanos(long deltaNanos) {
    if (deltaNanos < 0) {
      throw new IllegalArgumentException("a ticker never goes backwards: delta was " + deltaNanos + " ns");
    }
    nanos.addAndGet(deltaNanos);
    return this;
  }

  /**
   * Returns a sleeper that advances this ticker by each requested duration (non-positive requests
   * advance nothing) and records the request. It throws {@link InterruptedException} if the calling
   * thread is interrupted, clearing the flag, exactly like a real sleep.
   *
   * @return the sleeper bound to this ticker
   */
  public Sleeper sleeper() {
    return sleeper;
  }

  /**
   * Returns every duration requested from {@link #sleeper()} so far, in nanoseconds, in order.
   *
   * @return an immutable snapshot
   */
  public List<Long> sleeps() {
    synchronized (sleeps) {
      return List.copyOf(sleeps);
    }
  }

  private void recordSleep(long requestedNanos) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted while sleeping on a ManualTicker");
    }
    synchronized (sleeps) {
      sleeps.add(requestedNanos);
    }
    if (requestedNanos > 0) {
      nanos.addAndGet(requestedNanos);
    }
  }

  @Override
  public String toString() {
    return "ManualTicker[" + nanos.get() + " ns]";
  }
}
