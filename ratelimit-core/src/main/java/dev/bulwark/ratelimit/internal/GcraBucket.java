package dev.bulwark.ratelimit.internal;

import dev.bulwark.ratelimit.RateLimit;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Token bucket as GCRA (the Generic Cell Rate Algorithm) on one {@code long}.
 *
 * <h2>How it works, and why</h2>
 * A token bucket is usually two numbers, tokens and last-refill time, which need a lock or a
 * compare-and-set on an allocated pair. GCRA keeps one number instead: the <em>theoretical arrival
 * time</em> {@code tat}, the instant at which the bucket would be full again if nothing more were
 * taken. With emission interval {@code T} (time per permit) and burst {@code b}:
 * <ul>
 *   <li>the bucket is full when {@code tat <= now}; it holds {@code (b*T - (tat - now)) / T} permits;
 *   <li>taking {@code n} permits moves {@code tat} to {@code max(tat, now) + n*T}, which is allowed
 *       iff the new {@code tat - now <= b*T} (the tolerance);
 *   <li>when refused, the wait is exactly the excess: {@code newTat - now - b*T}.
 * </ul>
 * One {@code long} means one CAS per grant and none per refusal, no allocation, and exact answers
 * for remaining, retry-after and reset. All comparisons use differences, so ticker readings may start
 * anywhere (even near {@link Long#MIN_VALUE}); the tolerance is bounded at construction so that no
 * sum overflows. Admission over any interval {@code t} never exceeds {@code b + t/T}.
 */
public final class GcraBucket extends Bucket {

  /** The longest wait {@link #reserve} books: {@code Long.MAX_VALUE / 4} ns, about 73 years. */
  public static final long MAX_BOOKING_NANOS = Long.MAX_VALUE / 4;

  private static final VarHandle TAT;

  static {
    try {
      TAT = MethodHandles.lookup().findVarHandle(GcraBucket.class, "tat", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final RateLimit limit;
  private final long interval;
  private final long tolerance;
  private final long burst;

  @SuppressWarnings("unused") // accessed through TAT
  private volatile long tat;

  /**
   * Creates a full bucket.
   *
   * @param limit the limit
   * @param now the current ticker reading
   */
  public GcraBucket(RateLimit limit, long now) {
    this.limit = limit;
    this.interval = limit.emissionIntervalNanos();
    this.burst = limit.burst();
    this.tolerance = limit.refillToFullNanos();
    this.tat = now;
  }

  @Override
  public long tryAcquire(long now, int permits) {
    if (permits > burst) {
      return NEVER;
    }
    long cost = permits * interval;
    for (; ; ) {
      long current = tat;
      long newTat = (current - now < 0 ? now : current) + cost;
      long excess = newTat - now - tolerance;
      if (excess > 0) {
        return excess;
      }
      if (TAT.weakCompareAndSet(this, current, newTat)) {
        return 0;
      }
    }
  }

  @Override
  public long peek(long now, int permits) {
    if (permits > burst) {
      return NEVER;
    }
    long current = tat;
    long newTat = (current - now < 0 ? now : current) + permits * interval;
    long excess = newTat - now - tolerance;
    return excess > 0 ? excess : 0;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Books ahead: waiting callers are served in order. Waits beyond {@link #MAX_BOOKING_NANOS}
   * (73 years) are refused whatever {@code maxWaitNanos} says, so that the backlog {@code tat - now}
   * stays below {@code Long.MAX_VALUE / 2} and no later sum overflows.
   */
  @Override
  public long reserve(long now, int permits, long maxWaitNanos) {
    if (permits > burst) {
      return REFUSED;
    }
    long maxWait = Math.min(maxWaitNanos, MAX_BOOKING_NANOS);
    long cost = permits * interval;
    for (; ; ) {
      long current = tat;
      long newTat = (current - now < 0 ? now : current) + cost;
      long excess = newTat - now - tolerance;
      if (excess > maxWait) {
        return REFUSED;
      }
      if (TAT.weakCompareAndSet(this, current, newTat)) {
        return excess > 0 ? excess : 0;
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Moves {@code tat} back by the permits' cost, never below {@code now}. Exact unless, between
   * the take and the refund, another caller took permits with a reading at which the bucket would
   * have been full without the refunded permits: the bucket then already absorbed their refill, one
   * {@code long} cannot tell, and the refund gives back up to {@code permits} too many. That needs a
   * refund delayed past the refill of the permits it returns while others take from the same bucket;
   * {@link MultiBucket} peeks before taking so that it refunds only when it loses a race.
   */
  @Override
  public void refund(long now, int permits) {
    long cost = permits * interval;
    for (; ; ) {
      long current = tat;
      if (current - now <= 0) {
        return; // already full: nothing to give back
      }
      long refunded = current - cost;
      if (TAT.weakCompareAndSet(this, current, refunded - now < 0 ? now : refunded)) {
        return;
      }
    }
  }

  @Override
  public long remaining(long now) {
    long backlog = tat - now;
    if (backlog <= 0) {
      return burst;
    }
    long free = tolerance - backlog;
    return free <= 0 ? 0 : free / interval;
  }

  @Override
  public long resetAfterNanos(long now) {
    long backlog = tat - now;
    return backlog <= 0 ? 0 : backlog;
  }

  @Override
  public RateLimit limit() {
    return limit;
  }

  @Override
  public String toString() {
    return "GcraBucket[" + limit + "]";
  }
}
