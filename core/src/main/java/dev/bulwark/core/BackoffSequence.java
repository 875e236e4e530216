package dev.bulwark.core;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The delays of one {@link Backoff} for one operation: a retried call, a reconnect loop, a circuit
 * breaker's consecutive re-openings. {@link #nextNanos()} returns the next delay; {@link #reset()}
 * starts over (after a successful reconnect, or when the breaker closes).
 *
 * <p>Not thread-safe: each operation owns its sequence.
 */
public final class BackoffSequence {

  /** What the decorrelated shapes remember between delays. */
  static final class State {
    long previousNanos;
    double previousFormula;
  }

  private final Backoff backoff;
  private final DoubleSupplier random;
  private final State state = new State();
  private int attempts;

  BackoffSequence(Backoff backoff, DoubleSupplier random) {
    this.backoff = backoff;
    this.random = random;
    reset();
  }

  /**
   * Returns the next delay and advances the sequence.
   *
   * @return the delay in nanoseconds, never negative
   */
  public long nextNanos() {
    long delay = backoff.delayNanos(attempts, state, random);
    if (attempts < Integer.MAX_VALUE) {
      attempts++;
    }
    return delay;
  }

  /**
   * Returns the next delay as a duration and advances the sequence.
   *
   * @return the delay
   */
  public Duration next() {
    return Duration.ofNanos(nextNanos());
  }

  /**
   * Returns how many delays this sequence has produced since it was created or reset.
   *
   * @return the count
   */
  public int attempts() {
    return attempts;
  }

  /** Starts the sequence over: the next delay is the first one again. */
  public void reset() {
    attempts = 0;
    state.previousNanos = backoff.initialPrevious();
    state.previousFormula = 0.0;
  }

  /**
   * Returns the backoff this sequence follows.
   *
   * @return the backoff
   */
  public Backoff backoff() {
    return backoff;
  }

  @Override
  public String toString() {
    return "BackoffSequence[" + backoff + ", attempts=" + attempts + "]";
  }
}
