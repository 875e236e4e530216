package dev.bulwark.ratelimit.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.UnifiedJedis;

/** The shared hierarchical suite on the three-master Redis Cluster, deny cache on. */
@ExtendWith(RedisServers.class)
class RedisClusterHierarchyContractTest extends RedisHierarchyContractSupport {

  private static JedisCluster redis;

  @BeforeAll
  static void connect(LocalCluster cluster) {
    redis = cluster.client();
  }

  @AfterAll
  static void disconnect() {
    redis.close();
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
