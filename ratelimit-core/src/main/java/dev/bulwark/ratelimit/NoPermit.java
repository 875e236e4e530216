package dev.bulwark.ratelimit;

/** The permit handed out on refusal: never acquired, and every method does nothing. Shared. */
enum NoPermit implements ConcurrencyLimiter.Permit {
  INSTANCE;

  @Override
  public boolean isAcquired() {
    return false;
  }

  @Override
  public void onSuccess() {}

  @Override
  public void onDropped() {}

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "Permit[not acquired]";
  }
}
