package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A real failover on a three-master cluster with one replica each: the master holding key A is
 * killed. Until its replica takes over, A's decisions follow the failure policy while key B, on
 * another master, keeps using Redis (B's successes keep the breaker's consecutive-failure count
 * from reaching its threshold). After the failover, A is decided by Redis again, with the state the
 * replica received before the crash.
 */
class ClusterFailoverTest {

  private static final RateLimit HUNDRED_PER_HOUR = RateLimit.perHour(100);

  @Test
  void aFailedOverMastersSlotsFollowThePolicyUntilItsReplicaTakesOver() {
    List<RedisFallbackEvent> events = new CopyOnWriteArrayList<>();
    ManualTicker ticker = new ManualTicker();
    try (LocalCluster cluster = LocalCluster.start(1);
        JedisCluster redis = cluster.client(Duration.ofMillis(200))) {
      RedisKeyedRateLimiter<String> limiter =
          RedisKeyedRateLimiter.builder(redis, HUNDRED_PER_HOUR)
              .keyPrefix("failover:" + UUID.randomUUID() + ":")
              .failurePolicy(FailurePolicy.FAIL_CLOSED)
              .ticker(ticker)
              .fallbackListener(events::add)
              .build();
      String a = keyOn(limiter, cluster, 0);
      String b = keyOn(limiter, cluster, 1);
      assertThat(limiter.tryAcquire(a, 3)).isTrue();
      assertThat(limiter.tryAcquire(b, 1)).isTrue();
      cluster.awaitReplicated();

      RedisProcess dead = cluster.masters().get(0);
      dead.kill();
      for (int i = 0; i < 5; i++) {
        assertThat(limiter.tryAcquire(a)).isFalse(); // its master is gone: FAIL_CLOSED
        assertThat(limiter.tryAcquireDecision(b, 1).remaining()).isEqualTo(98 - i); // Redis
      }
      // B's successes keep A's failures from being consecutive: the breaker stays closed, and a
      // partial outage is no fallback transition.
      assertThat(limiter.circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);
      assertThat(events).isEmpty();

      cluster.awaitFailover(dead);
      // The client's slot map still names the dead master: the first call fails and refreshes it.
      // Should three in a row fail, the breaker opens, and its next trial finds the new master.
      RateLimitDecision back = limiter.tryAcquireDecision(a, 1);
      for (int i = 0; i < 10 && !back.allowed(); i++) {
        if (limiter.circuitBreaker().state() == CircuitState.OPEN) {
          ticker.advance(Duration.ofSeconds(1));
        }
        back = limiter.tryAcquireDecision(a, 1);
      }
      // The replica had A's 3 permits: this is the 4th (the refill of 1 per 36 s is not yet due).
      assertThat(back.allowed()).isTrue();
      assertThat(back.remaining()).isEqualTo(96);
      assertThat(back.resetAfterNanos()).isPositive().isLessThanOrEqualTo(4 * 36_000_000_000L);
      assertThat(limiter.inFallback()).isFalse();
      if (!events.isEmpty()) {
        assertThat(events).hasSize(2);
        assertThat(events.get(1)).isInstanceOf(RedisFallbackEvent.Left.class);
      }
    }
  }

  /** A key whose Redis key lives on the given master. */
  private static String keyOn(RedisKeyedRateLimiter<String> limiter, LocalCluster cluster, int master) {
    for (int i = 0; ; i++) {
      String key = "k" + i;
      int slot = JedisClusterCRC16.getSlot(limiter.redisKey(key));
      if (cluster.masterOf(slot) == cluster.masters().get(master)) {
        return key;
      }
    }
  }
}
