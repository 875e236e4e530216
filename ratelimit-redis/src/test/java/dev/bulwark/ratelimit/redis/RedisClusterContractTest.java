package dev.bulwark.ratelimit.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.UnifiedJedis;

/** The shared semantic suite on a three-master Redis Cluster: keys spread over every master. */
@ExtendWith(RedisServers.class)
class RedisClusterContractTest extends RedisContractSupport {

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
