package dev.bulwark.core.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts permitted and rejected decisions on two {@link LongAdder}s, so that concurrent deciders do
 * not contend on one counter. A limiter module extends it to implement its public
 * {@code DecisionCounts} view, and creates one only when someone asks for counts.
 *
 * <p>Not API (see the package documentation). Thread-safe; the two sums are each exact once the
 * deciders are quiet, and may be read between two updates otherwise.
 */
public class DecisionCounter {

  private final LongAdder permitted = new LongAdder();
  private final LongAdder rejected = new LongAdder();

  /** Creates a counter at zero. */
  public DecisionCounter() {}

  /**
   * Counts one decision.
   *
   * @param granted whether the decision granted its permits
   */
  public final void record(boolean granted) {
    if (granted) {
      permitted.increment();
    } else {
      rejected.increment();
    }
  }

  /**
   * Returns the number of permitted decisions so far.
   *
   * @return the count
   */
  public final long permitted() {
    return permitted.sum();
  }

  /**
   * Returns the number of rejected decisions so far.
   *
   * @return the count
   */
  public final long rejected() {
    return rejected.sum();
  }

  @Override
  public String toString() {
    return "DecisionCounts[permitted=" + permitted() + ", rejected=" + rejected() + "]";
  }
}
