package dev.bulwark.retry;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * The statistics view of a {@link Retry}: a live, read-only view of its calls by
 * {@link RetryOutcome} and of the attempts they made, since it was built, for metrics. Obtained from
 * {@link Retry#stats()}, present only when the retry was built with
 * {@link RetryBuilder#recordStats()}; counts are cumulative and never reset.
 *
 * <p>A call is counted when it ends, with all its attempts: a call still retrying is not counted
 * yet, and an asynchronous call cancelled before its end is never counted. Thread-safe and
 * lock-free; while calls go on, the values are read one after the other, not as an atomic snapshot.
 */
public final class RetryCounts {

  private final LongAdder success = new LongAdder();
  /** The attempts of every counted call that did not succeed first time. */
  private final LongAdder otherAttempts = new LongAdder();
  private final Map<RetryOutcome, LongAdder> calls = new EnumMap<>(RetryOutcome.class);

  RetryCounts() {
    for (RetryOutcome outcome : RetryOutcome.values()) {
      calls.put(outcome, outcome == RetryOutcome.SUCCESS ? success : new LongAdder());
    }
  }

  private LongAdder adder(RetryOutcome outcome) {
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
  public long count(RetryOutcome outcome) {
    return adder(outcome).sum();
  }

  /**
   * Returns the attempts made by the counted calls, first attempts included: at least one per call.
   *
   * @return a count, at least the number of counted calls
   */
  public long attempts() {
    return success.sum() + otherAttempts.sum();
  }

  /** Counts a call whose first attempt succeeded: one attempt. */
  void recordSuccess() {
    success.increment();
  }

  /**
   * Counts a call that ended otherwise.
   *
   * @param outcome how it ended; not {@link RetryOutcome#SUCCESS}
   * @param attempts the attempts it made, at least 1
   */
  void record(RetryOutcome outcome, int attempts) {
    adder(outcome).increment();
    otherAttempts.add(attempts);
  }

  @Override
  public String toString() {
    return "RetryCounts" + calls + " attempts=" + attempts();
  }
}
