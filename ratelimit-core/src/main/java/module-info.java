/**
 * Bulwark rate limiting: token bucket (GCRA), fixed and sliding windows, multi-limit, keyed and
 * hierarchical limiters, and concurrency limiters. See {@link dev.bulwark.ratelimit.RateLimiter}.
 * {@link dev.bulwark.ratelimit.spi.LimiterBackendProvider} is the service interface of backends that
 * keep limits elsewhere (Redis), found by configuration through {@link java.util.ServiceLoader}.
 */
@SuppressWarnings("module") // the qualified export names a module not built yet when this one compiles
module dev.bulwark.ratelimit {
  requires transitive dev.bulwark.core;
  requires static transitive org.jspecify;
  requires org.slf4j;
  requires com.github.benmanes.caffeine;

  exports dev.bulwark.ratelimit;
  exports dev.bulwark.ratelimit.spi;
  // Not API: the edge's allocation-free decision path (see its package-info).
  exports dev.bulwark.ratelimit.decisions to
      dev.bulwark.http;
  // Not API: the per-level counters the Redis hierarchical limiter shares with the in-memory one.
  exports dev.bulwark.ratelimit.internal to
      dev.bulwark.ratelimit.redis;
}
