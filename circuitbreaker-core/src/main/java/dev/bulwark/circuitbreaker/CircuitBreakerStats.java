package dev.bulwark.circuitbreaker;

import dev.bulwark.core.internal.OwnedCounter;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The statistics view of a {@link CircuitBreaker}: a live, read-only view of its calls by
 * {@link CallOutcome}, their durations, and its state transitions, cumulative since the breaker was
 * built; counts never reset. Present in {@link CircuitBreaker#stats()} only when the breaker was built
 * with {@link CircuitBreaker.Builder#recordStats()}; a breaker built without it keeps no statistics,
 * pays nothing for them, and can never start keeping them.
 *
 * <p>A permitted call is counted when its outcome is reported, in whatever state the breaker is by
 * then: outcomes the breaker itself ignores (a late result from an earlier generation, a call in
 * DISABLED) still count here, since the dependency did answer. A rejection is counted when it
 * happens. A permission given back with {@link CircuitBreaker#releasePermission} is not a call.
 *
 * <p>Durations are summed for the calls whose duration the breaker knows: every call when it times
 * calls (a slow-call threshold, a call listener, or {@link Timing#EVERY_CALL}), and every call
 * reported through the manual form with a non-negative duration. {@link #timedCount} tells how many
 * calls {@link #totalDurationNanos} covers; rejections have no duration.
 *
 * <p>Thread-safe and lock-free; while calls go on, the values are read one after the other, not as
 * an atomic snapshot.
 */
public final class CircuitBreakerStats {

  /** Which calls' durations the statistics sum; chosen with {@link CircuitBreaker.Builder#recordStats(Timing)}. */
  public enum Timing {
    /**
     * The durations the breaker measures anyway: with a slow-call threshold or a call listener every
     * call's, and those reported through the manual form. No clock read is added for the statistics.
     */
    WHEN_MEASURED,
    /** Every guarded call's duration: two clock reads per call. */
    EVERY_CALL
  }

  private final Slot success = new Slot();
  /** Untimed successes, the bound breaker's common path: counted without an atomic instruction. */
  private final OwnedCounter untimedSuccesses = new OwnedCounter();
  /**
   * Timed successes (not slow), the common path of a breaker whose calls are timed (such as an
   * edge route's, which knows every request's duration): counted, with their durations, without an
   * atomic instruction. A success is counted here or in {@link #untimedSuccesses}, never in
   * {@link #success}'s adders, which stay for the shape of {@link #slot}. The count and the summed
   * nanoseconds share one owned cell ({@link OwnedCounter#tally}): one ownership check and one cache
   * line per success.
   */
  private final OwnedCounter timedSuccesses = new OwnedCounter();
  private final Slot failure = new Slot();
  private final Slot slow = new Slot();
  private final Slot ignored = new Slot();
  private final Slot rejected = new Slot();
  /** Written under the breaker's transition lock; read by anyone. */
  private final Map<CircuitState, Map<CircuitState, AtomicLong>> transitions =
      new EnumMap<>(CircuitState.class);
  private final Map<CallOutcome, Slot> byOutcome =
      new EnumMap<>(
          Map.of(
              CallOutcome.SUCCESS, success,
              CallOutcome.FAILURE, failure,
              CallOutcome.SLOW, slow,
              CallOutcome.IGNORED, ignored,
              CallOutcome.REJECTED, rejected));

  /** The counters of one outcome; adders, so that concurrent calls do not contend on one value. */
  private static final class Slot {
    final LongAdder calls = new LongAdder();
    final LongAdder timed = new LongAdder();
    final LongAdder nanos = new LongAdder();
  }

  CircuitBreakerStats() {
    for (CircuitState from : CircuitState.values()) {
      Map<CircuitState, AtomicLong> row = new EnumMap<>(CircuitState.class);
      for (CircuitState to : CircuitState.values()) {
        row.put(to, new AtomicLong());
      }
      transitions.put(from, row);
    }
  }

  private Slot slot(CallOutcome outcome) {
    Slot slot = byOutcome.get(Objects.requireNonNull(outcome, "outcome"));
    if (slot == null) {
      throw new AssertionError("no counters for " + outcome);
    }
    return slot;
  }

  /**
   * Returns the calls that ended in {@code outcome}.
   *
   * @param outcome the outcome
   * @return a count, at least 0
   * @throws NullPointerException if {@code outcome} is null
   */
  public long count(CallOutcome outcome) {
    long calls = slot(outcome).calls.sum();
    return outcome == CallOutcome.SUCCESS ? calls + timedSuccesses.sum() + untimedSuccesses.sum() : calls;
  }

  /**
   * Returns the calls that ended in {@code outcome} and whose duration is known.
   *
   * @param outcome the outcome
   * @return a count in {@code [0, count(outcome)]}; 0 for {@link CallOutcome#REJECTED}
   * @throws NullPointerException if {@code outcome} is null
   */
  public long timedCount(CallOutcome outcome) {
    long timed = slot(outcome).timed.sum();
    return outcome == CallOutcome.SUCCESS ? timed + timedSuccesses.sum() : timed;
  }

  /**
   * Returns the summed duration of the {@linkplain #timedCount timed} calls that ended in
   * {@code outcome}, in nanoseconds of the breaker's ticker.
   *
   * @param outcome the outcome
   * @return nanoseconds, at least 0
   * @throws NullPointerException if {@code outcome} is null
   */
  public long totalDurationNanos(CallOutcome outcome) {
    long nanos = slot(outcome).nanos.sum();
    return outcome == CallOutcome.SUCCESS ? nanos + timedSuccesses.total() : nanos;
  }

  /**
   * Returns how many times the breaker went from {@code from} to {@code to}. A {@link
   * CircuitBreaker#reset()} of a CLOSED breaker counts as CLOSED to CLOSED, and so on for the manual
   * transitions; the same pair as {@link CircuitBreakerEvent.StateTransition} reports.
   *
   * @param from the state left
   * @param to the state entered
   * @return a count, at least 0
   * @throws NullPointerException if a state is null
   */
  public long transitions(CircuitState from, CircuitState to) {
    return transition(Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to")).get();
  }

  private AtomicLong transition(CircuitState from, CircuitState to) {
    Map<CircuitState, AtomicLong> row = transitions.get(from);
    AtomicLong count = row == null ? null : row.get(to);
    if (count == null) {
      throw new AssertionError("no counter for " + from + " -> " + to);
    }
    return count;
  }

  /** Counts a transition; called under the breaker's transition lock. */
  void recordTransition(CircuitState from, CircuitState to) {
    transition(from, to).incrementAndGet();
  }

  /**
   * Counts a permitted call's outcome, except an untimed success: that is
   * {@link #recordUntimedSuccess()}.
   *
   * @param classified {@link Classifier#SUCCESS}, {@link Classifier#FAILURE} or {@link Classifier#IGNORED}
   * @param isSlow whether it was slower than the slow-call threshold
   * @param durationNanos its duration, or a negative value when unknown
   */
  void record(int classified, boolean isSlow, long durationNanos) {
    if (classified == Classifier.SUCCESS && !isSlow && durationNanos >= 0) {
      timedSuccesses.tally(durationNanos);
      return;
    }
    Slot s =
        classified == Classifier.FAILURE ? failure
            : classified == Classifier.IGNORED ? ignored
            : isSlow ? slow
            : success;
    s.calls.increment();
    if (durationNanos >= 0) {
      s.timed.increment();
      s.nanos.add(durationNanos);
    }
  }

  /** Counts a permitted call that succeeded, not slow, with no known duration. */
  void recordUntimedSuccess() {
    untimedSuccesses.increment();
  }

  /** Counts a rejected call. */
  void recordRejected() {
    rejected.calls.increment();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("CircuitBreakerStats[");
    String separator = "";
    for (CallOutcome outcome : CallOutcome.values()) {
      s.append(separator).append(outcome).append('=').append(count(outcome));
      separator = ", ";
    }
    return s.append(']').toString();
  }
}
