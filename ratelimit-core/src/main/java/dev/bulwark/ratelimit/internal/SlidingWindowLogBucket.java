package dev.bulwark.ratelimit.internal;

import dev.bulwark.core.internal.Durations;
import dev.bulwark.ratelimit.RateLimit;
import java.util.Arrays;

/**
 * Sliding-window log: remembers the admission time of every permit of the last period. Exact.
 *
 * <h2>How it works, and why</h2>
 * A permit admitted at reading {@code t} counts until {@code t + W} (W = the limit's period); at most
 * {@code C} (the limit's burst) permits count at any instant, so no interval of length {@code W}
 * ever admits more than {@code C}. The log is a ring of exactly {@code C} admission times kept in
 * ascending order, oldest first, initially all "long ago". Admitting {@code n} permits at {@code t}
 * is allowed iff the {@code n}-th oldest entry has expired ({@code t - entry >= W}); the {@code n}
 * oldest entries are then dropped and {@code n} copies of {@code t} inserted. Refused requests learn
 * the exact wait: until that {@code n}-th oldest entry expires. Memory is {@code 8 * C} bytes, so
 * the burst is capped at {@link #MAX_CAPACITY}.
 *
 * <p>Readings arrive slightly out of order under contention (a thread reads the clock, then another
 * thread with a later reading wins the lock). Such a reading is inserted at its sorted position,
 * usually at the end or a few slots before it. Its admission test counts every entry later than
 * {@code t - W}, including those after {@code t}: exact for in-order readings, conservative for late
 * ones, and in both cases no interval of length {@code W} of the readings passed in ever holds more
 * than {@code C} admitted permits.
 *
 * <h2>Why a lock</h2>
 * A weighted admission reads the {@code n}-th oldest entry and rewrites {@code n} entries and the
 * ring's head as one step; no single-word CAS covers that, and a CAS per slot would let a concurrent
 * caller see half an admission and over-admit. The critical section is a few array reads and writes:
 * no allocation, no blocking call, no callback. Choose {@code TOKEN_BUCKET} for a lock-free exact
 * limiter.
 *
 * <p>Times are stored relative to the bucket's creation reading, so that comparisons never overflow
 * whatever the ticker's origin.
 */
public final class SlidingWindowLogBucket extends Bucket {

  /** The largest burst this algorithm accepts: one 8-byte entry per permit, 8 MiB at most. */
  public static final int MAX_CAPACITY = 1 << 20;

  private static final long EMPTY = Long.MIN_VALUE;

  private final RateLimit limit;
  private final long origin;
  private final long window;
  private final int capacity;
  private final Object lock = new Object();

  /** Admission times relative to the origin, ascending from {@link #head}; guarded by the lock. */
  private final long[] log;

  /** Slot of the oldest entry; guarded by the lock. */
  private int head;

  /**
   * Creates an empty log.
   *
   * @param limit the limit: at most {@code burst} permits per {@code period}
   * @param now the current ticker reading
   * @throws IllegalArgumentException if the burst exceeds {@link #MAX_CAPACITY}
   */
  public SlidingWindowLogBucket(RateLimit limit, long now) {
    if (limit.burst() > MAX_CAPACITY) {
      throw new IllegalArgumentException(
          "burst "
              + limit.burst()
              + " is too large for SLIDING_WINDOW_LOG (at most "
              + MAX_CAPACITY
              + ": it keeps one entry per permit); use SLIDING_WINDOW_COUNTER or TOKEN_BUCKET");
    }
    this.limit = limit;
    this.origin = now;
    this.window = Durations.toNanosSaturated(limit.period());
    this.capacity = (int) limit.burst();
    this.log = new long[capacity];
    Arrays.fill(log, EMPTY);
  }

  @Override
  public long tryAcquire(long now, int permits) {
    if (permits > capacity) {
      return NEVER;
    }
    long t = WindowMath.elapsed(now, origin);
    synchronized (lock) {
      long wait = waitNanos(t, permits);
      if (wait == 0) {
        admit(t, permits);
      }
      return wait;
    }
  }

  @Override
  public long peek(long now, int permits) {
    if (permits > capacity) {
      return NEVER;
    }
    long t = WindowMath.elapsed(now, origin);
    synchronized (lock) {
      return waitNanos(t, permits);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Never books ahead: answers 0 (taken now), {@link #REFUSED}, or {@code -w} with {@code w} the
   * time until enough entries expire.
   */
  @Override
  public long reserve(long now, int permits, long maxWaitNanos) {
    long wait = tryAcquire(now, permits);
    if (wait == 0) {
      return 0;
    }
    return wait == NEVER || wait > maxWaitNanos ? REFUSED : -wait;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Exact: removes up to {@code permits} entries recorded at {@code now}; entries that already
   * expired and were overwritten are not given back (they no longer limit anything).
   */
  @Override
  public void refund(long now, int permits) {
    long t = WindowMath.elapsed(now, origin);
    synchronized (lock) {
      int from = firstAtLeast(t);
      int to = from;
      while (to < capacity && to - from < permits && at(to) == t) {
        to++;
      }
      int removed = to - from;
      // Close the gap by moving the older entries up, and refill the head with empty entries.
      for (int p = from - 1; p >= 0; p--) {
        set(p + removed, at(p));
      }
      for (int p = 0; p < removed; p++) {
        set(p, EMPTY);
      }
    }
  }

  @Override
  public long remaining(long now) {
    long t = WindowMath.elapsed(now, origin);
    synchronized (lock) {
      return expiredCount(t);
    }
  }

  @Override
  public long resetAfterNanos(long now) {
    long t = WindowMath.elapsed(now, origin);
    synchronized (lock) {
      long newest = at(capacity - 1);
      return expired(newest, t) ? 0 : Durations.saturatedAdd(window, newest - t);
    }
  }

  private long waitNanos(long t, int permits) {
    long nth = at(permits - 1);
    return expired(nth, t) ? 0 : Durations.saturatedAdd(window, nth - t);
  }

  /** Drops the {@code permits} oldest (expired) entries and inserts as many copies of {@code t}. */
  private void admit(long t, int permits) {
    head = slot(permits);
    int kept = capacity - permits;
    int insertAt = kept;
    while (insertAt > 0 && at(insertAt - 1) > t) {
      insertAt--;
    }
    for (int p = kept - 1; p >= insertAt; p--) {
      set(p + permits, at(p));
    }
    for (int p = insertAt; p < insertAt + permits; p++) {
      set(p, t);
    }
  }

  private boolean expired(long entry, long t) {
    return entry == EMPTY || t - entry >= window;
  }

  /** Number of expired entries: they form a prefix, since entries ascend. */
  private int expiredCount(long t) {
    int lo = 0;
    int hi = capacity;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (expired(at(mid), t)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** First logical position whose entry is {@code >= t} ({@code capacity} if none). */
  private int firstAtLeast(long t) {
    int lo = 0;
    int hi = capacity;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (at(mid) < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private int slot(int position) {
    int s = head + position;
    return s >= capacity ? s - capacity : s;
  }

  private long at(int position) {
    return log[slot(position)];
  }

  private void set(int position, long value) {
    log[slot(position)] = value;
  }

  @Override
  public RateLimit limit() {
    return limit;
  }

  @Override
  public String toString() {
    return "SlidingWindowLogBucket[" + limit + "]";
  }
}
