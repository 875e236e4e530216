package dev.bulwark.ratelimit;

import dev.bulwark.core.Ticker;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.event.Level;

/**
 * A {@link ConcurrencyLimiter} whose limit adapts by AIMD (additive increase, multiplicative
 * decrease).
 *
 * <h2>How it works, and why</h2>
 * The right concurrency for a dependency is unknown and changes with its load. Like TCP's congestion
 * window, the limit probes upward slowly and backs off fast:
 * <ul>
 *   <li>a call reported {@linkplain Permit#onSuccess() successful} whose latency (ticker reading at
 *       release minus reading at acquisition) is at most the slow-call threshold raises the limit by
 *       {@code increaseBy}, but only if, when it was acquired, at least half the current limit was in
 *       use ({@code inFlightAtAcquisition * 2 >= limit}). Without that guard a quiet period would
 *       inflate the limit to its maximum, and the next surge would meet no protection at all;
 *   <li>a successful call slower than the threshold (queues are building up downstream), or a call
 *       reported {@linkplain Permit#onDropped() dropped}, lowers it to
 *       {@code floor(limit * backoffRatio)}, which is always at least one lower;
 *   <li>a permit merely {@linkplain Permit#close() closed} leaves the limit alone;
 *   <li>the limit always stays within {@code [minLimit, maxLimit]}.
 * </ul>
 * Each report moves the limit once, by a compare-and-set on the current value, so concurrent reports
 * compose exactly as if applied in some order: k simultaneous drops lower the limit by
 * {@code backoffRatio^k} (down to the minimum). A lowered limit does not revoke permits already held:
 * in-flight calls above it finish, and new ones wait until the count falls below it.
 *
 * <p>Every change is logged ({@code event=concurrency_limit_changed}): a decrease at INFO, since it
 * signals overload, and an increase at DEBUG, since under load it may follow every fast call.
 */
final class AdaptiveConcurrencyLimiter extends AbstractConcurrencyLimiter {

  private final Ticker ticker;
  private final long slowCallThresholdNanos;
  private final int minLimit;
  private final int maxLimit;
  private final int increaseBy;
  private final double backoffRatio;
  private final AtomicInteger limit;

  AdaptiveConcurrencyLimiter(
      String name,
      Ticker ticker,
      long slowCallThresholdNanos,
      int initialLimit,
      int minLimit,
      int maxLimit,
      int increaseBy,
      double backoffRatio) {
    super(name);
    this.ticker = ticker;
    this.slowCallThresholdNanos = slowCallThresholdNanos;
    this.minLimit = minLimit;
    this.maxLimit = maxLimit;
    this.increaseBy = increaseBy;
    this.backoffRatio = backoffRatio;
    this.limit = new AtomicInteger(initialLimit);
  }

  @Override
  public int limit() {
    return limit.get();
  }

  @Override
  Permit newPermit(int inFlightNow) {
    return new AdaptivePermit(this, ticker.read(), inFlightNow);
  }

  private void onRelease(AdaptivePermit permit, InFlightPermit.Outcome outcome) {
    switch (outcome) {
      case SUCCESS:
        if (ticker.read() - permit.startNanos > slowCallThresholdNanos) {
          decrease("slow_call");
        } else {
          increase(permit.inFlightAtAcquisition);
        }
        break;
      case DROPPED:
        decrease("dropped");
        break;
      case IGNORED:
        break;
    }
    releaseOne();
  }

  private void increase(int inFlightAtAcquisition) {
    for (; ; ) {
      int current = limit.get();
      if ((long) inFlightAtAcquisition * 2 < current) {
        return; // the limit was not in use: no evidence that more would be handled well
      }
      int next = (int) Math.min(maxLimit, (long) current + increaseBy);
      if (next == current) {
        return;
      }
      if (limit.compareAndSet(current, next)) {
        logChange(current, next, Level.DEBUG, "fast_call");
        return;
      }
    }
  }

  private void decrease(String reason) {
    for (; ; ) {
      int current = limit.get();
      int next = Math.max(minLimit, (int) (current * backoffRatio));
      if (next == current) {
        return;
      }
      if (limit.compareAndSet(current, next)) {
        logChange(current, next, Level.INFO, reason);
        return;
      }
    }
  }

  private void logChange(int from, int to, Level level, String reason) {
    if (Log.LOGGER.isEnabledForLevel(level)) {
      Log.LOGGER
          .atLevel(level)
          .setMessage("concurrency limiter '{}': limit {} -> {} ({})")
          .addArgument(name())
          .addArgument(from)
          .addArgument(to)
          .addArgument(reason)
          .addKeyValue("event", "concurrency_limit_changed")
          .addKeyValue("name", name())
          .addKeyValue("from", from)
          .addKeyValue("to", to)
          .addKeyValue("reason", reason)
          .log();
    }
  }

  /** Remembers when it was acquired and how busy the limiter was. */
  private static final class AdaptivePermit extends InFlightPermit {
    private final AdaptiveConcurrencyLimiter limiter;
    final long startNanos;
    final int inFlightAtAcquisition;

    AdaptivePermit(AdaptiveConcurrencyLimiter limiter, long startNanos, int inFlightAtAcquisition) {
      this.limiter = limiter;
      this.startNanos = startNanos;
      this.inFlightAtAcquisition = inFlightAtAcquisition;
    }

    @Override
    void release(Outcome outcome) {
      limiter.onRelease(this, outcome);
    }
  }
}
