/**
 * Bulwark rate limiting on Redis: the {@link dev.bulwark.ratelimit.KeyedRateLimiter} and
 * {@link dev.bulwark.ratelimit.HierarchicalRateLimiter} contracts and a keyed concurrency limiter
 * shared by every instance of a service, on Redis or Redis Cluster through Jedis. See
 * {@link dev.bulwark.ratelimit.redis.RedisKeyedRateLimiter} and
 * {@link dev.bulwark.ratelimit.redis.RedisHierarchicalRateLimiter}. It provides the
 * {@code redis} {@link dev.bulwark.ratelimit.spi.LimiterBackendProvider}, so that a configuration
 * naming {@code backend: redis} needs no code.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // Jedis 5 has no module-info
module dev.bulwark.ratelimit.redis {
  requires transitive dev.bulwark.ratelimit;
  requires transitive dev.bulwark.circuitbreaker;
  requires transitive redis.clients.jedis;
  requires static transitive org.jspecify;
  requires org.slf4j;

  exports dev.bulwark.ratelimit.redis;

  // `backend: redis` in a configuration (bulwark-config), found through ServiceLoader.
  provides dev.bulwark.ratelimit.spi.LimiterBackendProvider
      with dev.bulwark.ratelimit.redis.spi.RedisBackendProvider;
}
