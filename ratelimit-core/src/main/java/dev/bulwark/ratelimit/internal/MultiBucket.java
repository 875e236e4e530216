package dev.bulwark.ratelimit.internal;

import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.decisions.DecisionReader;
import java.util.List;

/**
 * Several limits decided all-or-nothing ("200 per minute and 1000 per hour"): a request is granted
 * only if every limit grants it, and when one refuses, none is consumed.
 *
 * <h2>How it works, and why</h2>
 * There is no CAS over several words, so the buckets are taken one at a time: first every bucket is
 * {@linkplain Bucket#peek peeked} (a refusal, the common case under load, then writes nothing and
 * reports the longest wait, i.e. the instant every limit allows the request); then the permits are
 * taken from each bucket in order, and if one refuses after all (another thread took the last permit
 * in between) the ones already taken are {@linkplain Bucket#refund refunded} and the decision starts
 * over. It is lock-free (a retry means another caller made progress) and allocation-free.
 *
 * <p>The window algorithms refund exactly. A token bucket's refund is exact unless, between the take
 * and the refund, the clock moved past the refilled permits while other callers took from the same
 * bucket (see {@link GcraBucket#refund}); peeking first makes refunds rare in the first place.
 *
 * <p>{@link #reserve} books on all buckets or on none: token buckets book ahead and the wait is the
 * longest of their waits; window buckets cannot book ahead, so the answer is "try again in w" with
 * {@code w} the longest wait.
 *
 * <p>A decision describes the limit that refuses (the one with the longest wait), or when all allow,
 * the one with the fewest remaining permits (the first such limit on a tie).
 */
public final class MultiBucket extends Bucket {

  private final Bucket[] buckets;
  private final boolean booksAhead;

  /**
   * Combines buckets.
   *
   * @param buckets two or more buckets, in the order given by the user
   * @param booksAhead whether {@link Bucket#reserve} of every bucket books future permits (token
   *     buckets) rather than answering "try again in w" (window buckets)
   * @throws IllegalArgumentException if fewer than two buckets are given
   */
  public MultiBucket(List<Bucket> buckets, boolean booksAhead) {
    if (buckets.size() < 2) {
      throw new IllegalArgumentException("a multi-limit needs >= 2 buckets but got " + buckets.size());
    }
    this.buckets = buckets.toArray(new Bucket[0]);
    this.booksAhead = booksAhead;
  }

  @Override
  public long tryAcquire(long now, int permits) {
    for (; ; ) {
      long wait = peek(now, permits);
      if (wait != 0) {
        return wait;
      }
      if (takeAll(now, permits)) {
        return 0;
      }
    }
  }

  /** Takes from every bucket in order; on a refusal gives back what was taken and returns false. */
  private boolean takeAll(long now, int permits) {
    for (int i = 0; i < buckets.length; i++) {
      if (buckets[i].tryAcquire(now, permits) != 0) {
        refundFirst(i, now, permits);
        return false;
      }
    }
    return true;
  }

  private void refundFirst(int count, long now, int permits) {
    for (int j = 0; j < count; j++) {
      buckets[j].refund(now, permits);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The longest wait of all buckets: {@link #NEVER} if any bucket says so.
   */
  @Override
  public long peek(long now, int permits) {
    long longest = 0;
    for (Bucket bucket : buckets) {
      long wait = bucket.peek(now, permits);
      if (wait > longest) {
        longest = wait;
      }
    }
    return longest;
  }

  @Override
  public long reserve(long now, int permits, long maxWaitNanos) {
    for (; ; ) {
      long needed = peek(now, permits);
      if (needed == NEVER || needed > maxWaitNanos) {
        return REFUSED;
      }
      if (!booksAhead) {
        if (needed > 0) {
          return -needed;
        }
        if (takeAll(now, permits)) {
          return 0;
        }
        continue;
      }
      long booked = bookAll(now, permits, maxWaitNanos);
      if (booked >= 0) {
        return booked;
      }
    }
  }

  /** Books on every bucket; returns the longest wait, or -1 after undoing a refused booking. */
  private long bookAll(long now, int permits, long maxWaitNanos) {
    long longest = 0;
    for (int i = 0; i < buckets.length; i++) {
      long wait = buckets[i].reserve(now, permits, maxWaitNanos);
      if (wait < 0) {
        refundFirst(i, now, permits);
        return -1;
      }
      longest = Math.max(longest, wait);
    }
    return longest;
  }

  @Override
  public void refund(long now, int permits) {
    refundFirst(buckets.length, now, permits);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The fewest of all buckets.
   */
  @Override
  public long remaining(long now) {
    long fewest = Long.MAX_VALUE;
    for (Bucket bucket : buckets) {
      fewest = Math.min(fewest, bucket.remaining(now));
    }
    return fewest;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The longest of all buckets.
   */
  @Override
  public long resetAfterNanos(long now) {
    long longest = 0;
    for (Bucket bucket : buckets) {
      longest = Math.max(longest, bucket.resetAfterNanos(now));
    }
    return longest;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The first limit.
   */
  @Override
  public RateLimit limit() {
    return buckets[0].limit();
  }

  @Override
  public RateLimitDecision tryAcquireDecision(long now, int permits) {
    return describe(tryAcquire(now, permits), now, permits);
  }

  @Override
  public RateLimitDecision peekDecision(long now, int permits) {
    return describe(peek(now, permits), now, permits);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The limit with the fewest remaining permits (the first on a tie), as the decision's.
   */
  @Override
  public <R> R readGrant(long now, DecisionReader<R> reader) {
    Bucket chosen = buckets[0];
    long fewest = Long.MAX_VALUE;
    for (Bucket bucket : buckets) {
      long remaining = bucket.remaining(now);
      if (remaining < fewest) {
        fewest = remaining;
        chosen = bucket;
      }
    }
    return reader.granted(chosen.limit(), fewest, chosen.resetAfterNanos(now));
  }

  @Override
  public RateLimitDecision refusal(long now, long wait, int permits) {
    return describe(wait, now, permits);
  }

  private RateLimitDecision describe(long wait, long now, int permits) {
    Bucket chosen = buckets[0];
    if (wait == 0) {
      long fewest = Long.MAX_VALUE;
      for (Bucket bucket : buckets) {
        long remaining = bucket.remaining(now);
        if (remaining < fewest) {
          fewest = remaining;
          chosen = bucket;
        }
      }
      return new RateLimitDecision(true, chosen.limit(), fewest, 0, chosen.resetAfterNanos(now));
    }
    long longest = -1;
    for (Bucket bucket : buckets) {
      long bucketWait = bucket.peek(now, permits);
      if (bucketWait > longest) {
        longest = bucketWait;
        chosen = bucket;
      }
    }
    return new RateLimitDecision(
        false, chosen.limit(), chosen.remaining(now), wait, chosen.resetAfterNanos(now));
  }

  @Override
  public String toString() {
    return "MultiBucket" + List.of(buckets);
  }
}
