package dev.bulwark.ratelimit;

import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link DecisionCounts} of the in-memory limiters: two {@link LongAdder}s, so that concurrent
 * deciders do not contend on one counter. A limiter holds one in a volatile field that stays null
 * until someone asks for counts, so a limiter nobody counts pays one field read per decision.
 */
final class DecisionCounter implements DecisionCounts {

  private final LongAdder permitted = new LongAdder();
  private final LongAdder rejected = new LongAdder();

  /**
   * Counts one decision.
   *
   * @param granted whether the decision granted its permits
   */
  void record(boolean granted) {
    if (granted) {
      permitted.increment();
    } else {
      rejected.increment();
    }
  }

  @Override
  public long permitted() {
    return permitted.sum();
  }

  @Override
  public long rejected() {
    return rejected.sum();
  }

  @Override
  public String toString() {
    return "DecisionCounts[permitted=" + permitted() + ", rejected=" + rejected() + "]";
  }
}
