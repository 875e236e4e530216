/**
 * Bulwark rate limiting: token bucket (GCRA), fixed and sliding windows, multi-limit, keyed and
 * hierarchical limiters, and concurrency limiters. See {@link dev.bulwark.ratelimit.RateLimiter}.
 * {@link dev.bulwark.ratelimit.spi.LimiterBackendProvider} is the service interface of backends that
 * keep limits elsewhere (Redis), found by configuration through {@link java.util.ServiceLoader}.
 */
module dev.bulwark.ratelimit {
  requires transitive dev.bulwark.core;
  requires static transitive org.jspecify;
  requires org.slf4j;
  requires com.github.benmanes.caffeine;

  exports dev.bulwark.ratelimit;
  exports dev.bulwark.ratelimit.spi;
}
