package dev.bulwark.ratelimit;

/** A {@link ConcurrencyLimiter} with a fixed limit; outcomes are plain releases. */
final class FixedConcurrencyLimiter extends AbstractConcurrencyLimiter {

  private final int limit;

  FixedConcurrencyLimiter(String name, int limit) {
    super(name);
    this.limit = limit;
  }

  @Override
  public int limit() {
    return limit;
  }

  @Override
  Permit newPermit(int inFlightNow) {
    return new FixedPermit(this);
  }

  /** Releases one count whatever the outcome. */
  private static final class FixedPermit extends InFlightPermit {
    private final FixedConcurrencyLimiter limiter;

    FixedPermit(FixedConcurrencyLimiter limiter) {
      this.limiter = limiter;
    }

    @Override
    void release(Outcome outcome) {
      limiter.releaseOne();
    }
  }
}
