package dev.bulwark.ratelimit.redis;

import dev.bulwark.ratelimit.ConcurrencyLimiter;

/** The permits that hold no lease, shared: every method but {@link #isAcquired} does nothing. */
enum StaticPermit implements ConcurrencyLimiter.Permit {
  /** A refusal. */
  NONE(false),
  /** A grant under {@link FailurePolicy#FAIL_OPEN} while Redis cannot be used: nothing to release. */
  UNTRACKED(true);

  private final boolean acquired;

  StaticPermit(boolean acquired) {
    this.acquired = acquired;
  }

  @Override
  public boolean isAcquired() {
    return acquired;
  }

  @Override
  public void onSuccess() {}

  @Override
  public void onDropped() {}

  @Override
  public void close() {}

  @Override
  public String toString() {
    return acquired ? "Permit[untracked]" : "Permit[not acquired]";
  }
}
