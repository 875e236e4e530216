package dev.bulwark.ratelimit.internal;

import dev.bulwark.ratelimit.RateLimit;

/**
 * The field layout of {@link GcraBucket}: its read-only fields, then its one mutable field
 * {@code tat} alone on a 64-byte cache line, padded on both sides.
 *
 * <h2>Why</h2>
 * A busy key's bucket is compare-and-set by the server threads of every core, so its cache line
 * moves between cores on each request. Without padding that line also holds whatever was allocated
 * next to the bucket: the cache's entry for the key (made right after the bucket), the first
 * granted outcome of the edge, the bucket's own limit fields. Each of their readers then missed the
 * cache as well (on Jetty's profile, about 30 ns of the cache's lookup went to reading its entry's
 * value). With {@code tat} alone on its line, only the compare-and-set moves it. HotSpot lays out a
 * superclass's fields before a subclass's, which is what orders the padding here; 56 bytes on each
 * side keep any other object off {@code tat}'s line wherever the object starts.
 *
 * <p>The cost is memory: a token bucket takes 120 bytes instead of 48, per tracked key.
 */
final class GcraLayout {

  private GcraLayout() {}

  /** The read-only fields. */
  abstract static class Fields extends Bucket {
    final RateLimit limit;
    final long interval;
    final long tolerance;
    final long burst;

    Fields(RateLimit limit) {
      this.limit = limit;
      this.interval = limit.emissionIntervalNanos();
      this.burst = limit.burst();
      this.tolerance = limit.refillToFullNanos();
    }
  }

  /** With the object header and {@link Fields}, 56 bytes before {@code tat}. */
  @SuppressWarnings("unused") // padding
  abstract static class PadBefore extends Fields {
    private long p1;
    private long p2;

    PadBefore(RateLimit limit) {
      super(limit);
    }
  }

  /** The theoretical arrival time; see {@link GcraBucket}. */
  abstract static class Tat extends PadBefore {
    volatile long tat;

    Tat(RateLimit limit, long now) {
      super(limit);
      this.tat = now;
    }
  }

  /** 56 bytes after {@code tat}. */
  @SuppressWarnings("unused") // padding
  abstract static class PadAfter extends Tat {
    private long q1;
    private long q2;
    private long q3;
    private long q4;
    private long q5;
    private long q6;
    private long q7;

    PadAfter(RateLimit limit, long now) {
      super(limit, now);
    }
  }
}
