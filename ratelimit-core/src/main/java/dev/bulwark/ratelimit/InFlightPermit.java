package dev.bulwark.ratelimit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A granted permit that releases exactly once: the first of {@link #onSuccess()},
 * {@link #onDropped()} and {@link #close()} wins a compare-and-set and calls {@link #release}; every
 * later call does nothing. That single CAS is what makes a double close harmless and keeps the
 * limiter's counts from going negative.
 */
abstract class InFlightPermit implements ConcurrencyLimiter.Permit {

  /** How a call ended, as reported on release. */
  enum Outcome {
    /** {@link ConcurrencyLimiter.Permit#onSuccess()}. */
    SUCCESS,
    /** {@link ConcurrencyLimiter.Permit#onDropped()}. */
    DROPPED,
    /** {@link ConcurrencyLimiter.Permit#close()} without an outcome. */
    IGNORED
  }

  private static final VarHandle RELEASED;

  static {
    try {
      RELEASED = MethodHandles.lookup().findVarHandle(InFlightPermit.class, "released", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // accessed through RELEASED
  private volatile boolean released;

  @Override
  public final boolean isAcquired() {
    return true;
  }

  @Override
  public final void onSuccess() {
    if (RELEASED.compareAndSet(this, false, true)) {
      release(Outcome.SUCCESS);
    }
  }

  @Override
  public final void onDropped() {
    if (RELEASED.compareAndSet(this, false, true)) {
      release(Outcome.DROPPED);
    }
  }

  @Override
  public final void close() {
    if (RELEASED.compareAndSet(this, false, true)) {
      release(Outcome.IGNORED);
    }
  }

  /**
   * Gives the permit back to its limiter; called exactly once.
   *
   * @param outcome how the call ended
   */
  abstract void release(Outcome outcome);

  @Override
  public String toString() {
    return "Permit[" + (released ? "released" : "held") + "]";
  }
}
