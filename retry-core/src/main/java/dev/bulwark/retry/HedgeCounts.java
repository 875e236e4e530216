package dev.bulwark.retry;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * The statistics view of a {@link Hedge}: a live, read-only view of its calls by
 * {@link HedgeOutcome}, of the hedged attempts it started and of the ones its budget refused, since
 * it was built. Obtained from {@link Hedge#stats()}, present only when the hedge was built with
 * {@link HedgeBuilder#recordStats()}; counts are cumulative and never reset.
 *
 * <p>A call is counted when it ends; an asynchronous call cancelled by its caller is never counted.
 * Thread-safe and lock-free; the values are read one after the other, not as an atomic snapshot.
 */
public final class HedgeCounts {

  private final Map<HedgeOutcome, LongAdder> calls = new EnumMap<>(HedgeOutcome.class);
  private final LongAdder success;
  private final LongAdder hedges = new LongAdder();
  private final LongAdder budgetRefusals = new LongAdder();

  HedgeCounts() {
    for (HedgeOutcome outcome : HedgeOutcome.values()) {
      calls.put(outcome, new LongAdder());
    }
    success = adder(HedgeOutcome.SUCCESS);
  }

  private LongAdder adder(HedgeOutcome outcome) {
    LongAdder adder = calls.get(Objects.requireNonNull(outcome, "outcome"));
    if (adder == null) {
      throw new AssertionError("no counter for " + outcome);
    }
    return adder;
  }

  /**
   * Returns the calls that ended in {@code outcome}.
   *
   * @param outcome the outcome
   * @return a count, at least 0
   * @throws NullPointerException if {@code outcome} is null
   */
  public long count(HedgeOutcome outcome) {
    return adder(outcome).sum();
  }

  /**
   * Returns the hedged attempts started (primary attempts not included).
   *
   * @return a count, at least 0
   */
  public long hedgesStarted() {
    return hedges.sum();
  }

  /**
   * Returns the hedged attempts that the {@link RetryBudget} refused.
   *
   * @return a count, at least 0
   */
  public long budgetRefusals() {
    return budgetRefusals.sum();
  }

  void recordSuccess() {
    success.increment();
  }

  void record(HedgeOutcome outcome) {
    adder(outcome).increment();
  }

  void recordHedge() {
    hedges.increment();
  }

  void recordBudgetRefusal() {
    budgetRefusals.increment();
  }

  @Override
  public String toString() {
    return "HedgeCounts" + calls + " hedges=" + hedgesStarted() + " budgetRefusals=" + budgetRefusals();
  }
}
