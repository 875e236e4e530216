package dev.bulwark.ratelimit.redis;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;

/** The shared hierarchical suite on standalone Redis, with the local deny cache on (the default). */
@ExtendWith(RedisServers.class)
class RedisHierarchyContractTest extends RedisHierarchyContractSupport {

  private static JedisPooled redis;

  @BeforeAll
  static void connect(JedisPooled shared) {
    redis = shared;
  }

  @Override
  UnifiedJedis redis() {
    return redis;
  }

  @Override
  boolean denyCache() {
    return true;
  }
}
