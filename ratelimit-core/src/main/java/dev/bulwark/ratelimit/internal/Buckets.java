package dev.bulwark.ratelimit.internal;

import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import java.util.ArrayList;
import java.util.List;

/** Creates the bucket for a list of limits under one algorithm. */
public final class Buckets {

  private Buckets() {}

  /**
   * Creates a full bucket.
   *
   * @param limits one or more limits; several are decided all-or-nothing by a {@link MultiBucket}
   * @param algorithm the algorithm
   * @param now the current ticker reading
   * @return the bucket
   * @throws IllegalArgumentException if a window algorithm cannot hold a limit's burst (see
   *     {@link FixedWindowBucket}, {@link SlidingWindowCounterBucket}, {@link SlidingWindowLogBucket})
   */
  public static Bucket create(List<RateLimit> limits, RateLimitAlgorithm algorithm, long now) {
    if (limits.size() == 1) {
      return single(limits.get(0), algorithm, now);
    }
    List<Bucket> buckets = new ArrayList<>(limits.size());
    for (RateLimit limit : limits) {
      buckets.add(single(limit, algorithm, now));
    }
    return new MultiBucket(buckets, algorithm == RateLimitAlgorithm.TOKEN_BUCKET);
  }

  private static Bucket single(RateLimit limit, RateLimitAlgorithm algorithm, long now) {
    switch (algorithm) {
      case TOKEN_BUCKET:
        return new GcraBucket(limit, now);
      case FIXED_WINDOW:
        return new FixedWindowBucket(limit, now);
      case SLIDING_WINDOW_COUNTER:
        return new SlidingWindowCounterBucket(limit, now);
      case SLIDING_WINDOW_LOG:
        return new SlidingWindowLogBucket(limit, now);
    }
    throw new AssertionError(algorithm);
  }
}
