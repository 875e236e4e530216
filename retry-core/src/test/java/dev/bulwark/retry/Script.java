package dev.bulwark.retry;

import dev.bulwark.core.CheckedSupplier;
import dev.bulwark.core.ManualTicker;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A call that plays a script of outcomes, one per attempt: an {@link Exception} element is thrown,
 * anything else returned; the last element repeats. Optionally each attempt takes some time on a
 * manual ticker.
 */
final class Script<T> implements CheckedSupplier<T> {

  private final List<Object> outcomes;
  private final AtomicInteger calls = new AtomicInteger();
  private ManualTicker ticker;
  private long attemptNanos;

  private Script(List<Object> outcomes) {
    this.outcomes = outcomes;
  }

  static <T> Script<T> of(Object... outcomes) {
    return new Script<>(java.util.Arrays.asList(outcomes));
  }

  /** Each attempt advances {@code ticker} by {@code nanos} before its outcome. */
  Script<T> taking(ManualTicker ticker, long nanos) {
    this.ticker = ticker;
    this.attemptNanos = nanos;
    return this;
  }

  @Override
  @SuppressWarnings("unchecked")
  public T get() throws Exception {
    int n = calls.getAndIncrement();
    if (ticker != null) {
      ticker.advanceNanos(attemptNanos);
    }
    Object outcome = outcomes.get(Math.min(n, outcomes.size() - 1));
    if (outcome instanceof Exception) {
      throw (Exception) outcome;
    }
    return (T) outcome;
  }

  int calls() {
    return calls.get();
  }
}
