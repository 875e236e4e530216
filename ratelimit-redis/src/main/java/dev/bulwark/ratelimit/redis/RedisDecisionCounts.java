package dev.bulwark.ratelimit.redis;

import dev.bulwark.ratelimit.DecisionCounts;
import java.util.concurrent.atomic.LongAdder;

/**
 * This instance's decisions, counted once metrics ask for them: decisions refused by the local
 * deny cache and by the failure policy count too, since the caller got them all the same.
 */
final class RedisDecisionCounts implements DecisionCounts {

  private final LongAdder permitted = new LongAdder();
  private final LongAdder rejected = new LongAdder();

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
