package dev.bulwark.core.internal;

/**
 * Counts permitted and rejected decisions on two {@link OwnedCounter}s, so that concurrent deciders
 * do not contend on one counter (nor, mostly, on an adder's shared cells). A limiter module extends it to implement its public
 * {@code DecisionCounts} view, and creates one only when someone asks for counts.
 *
 * <p>Not API (see the package documentation). Thread-safe; the two sums are each exact once the
 * deciders are quiet, and may be read between two updates otherwise.
 */
public class DecisionCounter {

  private final OwnedCounter permitted = new OwnedCounter();
  private final OwnedCounter rejected = new OwnedCounter();

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
