/**
 * Bulwark rate limiting: token bucket (GCRA), fixed and sliding windows, multi-limit, keyed and
 * hierarchical limiters, and concurrency limiters. See {@link dev.bulwark.ratelimit.RateLimiter}.
 */
module dev.bulwark.ratelimit {
  requires transitive dev.bulwark.core;
  requires static transitive org.jspecify;
  requires org.slf4j;
  requires com.github.benmanes.caffeine;

  exports dev.bulwark.ratelimit;
}
