package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.ConcurrencyLimiter.Permit;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.JedisPooled;

/** Per-key and total maximums across instances, releases, expiring leases, and failure policies. */
@ExtendWith(RedisServers.class)
class RedisKeyedConcurrencyLimiterTest {

  private static JedisPooled redis;

  private final ManualTicker clock = new ManualTicker(1_700_000_000_000_000_000L);
  private final String name = "leases-" + UUID.randomUUID();

  @BeforeAll
  static void connect(JedisPooled shared) {
    redis = shared;
  }

  private RedisKeyedConcurrencyLimiter<String> limiter(int maxPerKey, int maxTotal) {
    return RedisKeyedConcurrencyLimiter.builder(redis, maxPerKey, maxTotal)
        .name(name)
        .leaseDuration(Duration.ofSeconds(10))
        .failurePolicy(FailurePolicy.FAIL_CLOSED)
        .serverClockForTesting(clock)
        .build();
  }

  @Test
  void grantsBelowBothMaximumsAcrossInstances() {
    RedisKeyedConcurrencyLimiter<String> one = limiter(2, 3);
    RedisKeyedConcurrencyLimiter<String> two = limiter(2, 3);
    Permit a1 = one.tryAcquire("a");
    Permit a2 = two.tryAcquire("a");
    assertThat(a1.isAcquired()).isTrue();
    assertThat(a2.isAcquired()).isTrue();
    assertThat(one.tryAcquire("a").isAcquired()).isFalse(); // the key is full
    Permit b1 = two.tryAcquire("b");
    assertThat(b1.isAcquired()).isTrue();
    assertThat(one.tryAcquire("c").isAcquired()).isFalse(); // the total is full
    assertThat(one.inFlight()).isEqualTo(3);
    assertThat(two.inFlight("a")).isEqualTo(2);
    assertThat(two.inFlight("c")).isZero();

    a1.close();
    assertThat(two.inFlight()).isEqualTo(2);
    try (Permit c1 = two.tryAcquire("c")) {
      assertThat(c1.isAcquired()).isTrue();
      assertThat(one.inFlight("c")).isEqualTo(1);
    }
    assertThat(one.inFlight("c")).isZero();
    a2.onSuccess();
    b1.onDropped();
    assertThat(one.inFlight()).isZero();
  }

  @Test
  void aPermitReleasesOnceWhateverIsCalledAndHowOften() {
    RedisKeyedConcurrencyLimiter<String> limiter = limiter(1, 2);
    Permit first = limiter.tryAcquire("a");
    first.close();
    Permit second = limiter.tryAcquire("a");
    assertThat(second.isAcquired()).isTrue();
    first.close();
    first.onSuccess();
    first.onDropped(); // none of these may release the second permit's lease
    assertThat(limiter.inFlight("a")).isEqualTo(1);
    assertThat(limiter.tryAcquire("a").isAcquired()).isFalse();
    second.close();
    assertThat(limiter.inFlight("a")).isZero();
  }

  @Test
  void theLeaseOfAHolderThatDiedExpires() {
    RedisKeyedConcurrencyLimiter<String> limiter = limiter(2, 5);
    assertThat(limiter.tryAcquire("a").isAcquired()).isTrue(); // never released: the holder died
    clock.advance(Duration.ofSeconds(4));
    Permit later = limiter.tryAcquire("a");
    assertThat(later.isAcquired()).isTrue();
    assertThat(limiter.tryAcquire("a").isAcquired()).isFalse();
    clock.advance(Duration.ofSeconds(6).minusNanos(1_000));
    assertThat(limiter.tryAcquire("a").isAcquired()).isFalse();
    assertThat(limiter.inFlight()).isEqualTo(2);
    clock.advance(Duration.ofNanos(1_000)); // 10 s after the first lease: it is gone
    assertThat(limiter.inFlight("a")).isEqualTo(1);
    assertThat(limiter.inFlight()).isEqualTo(1);
    Permit replacement = limiter.tryAcquire("a");
    assertThat(replacement.isAcquired()).isTrue();
    clock.advance(Duration.ofSeconds(20)); // both expired; a late release changes nothing
    later.close();
    replacement.close();
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void leaseSetsLiveAsLongAsTheirNewestLease() {
    RedisKeyedConcurrencyLimiter<String> limiter =
        RedisKeyedConcurrencyLimiter.builder(redis, 1, 1).name(name).leaseDuration(Duration.ofSeconds(30)).build();
    try (Permit permit = limiter.tryAcquire("a")) {
      assertThat(permit.isAcquired()).isTrue();
      String key = limiter.redisKey("a");
      assertThat(key).isEqualTo("bulwark:cl:" + name + ":{" + name + "}:key:a");
      assertThat(redis.zcard(key)).isEqualTo(1);
      assertThat(redis.pttl(key)).isLessThanOrEqualTo(30_000L).isGreaterThan(0L);
      assertThat(redis.pttl("bulwark:cl:" + name + ":{" + name + "}:total")).isLessThanOrEqualTo(30_000L).isGreaterThan(0L);
    }
    assertThat(limiter.trackedKeys()).isEqualTo(-1);
    assertThat(limiter.maxPerKey()).isEqualTo(1);
    assertThat(limiter.maxTotal()).isEqualTo(1);
    assertThat(limiter.name()).isEqualTo(name);
  }

  @Test
  void eachFailurePolicyDecidesWhileRedisIsDown() {
    for (FailurePolicy policy : FailurePolicy.values()) {
      List<RedisFallbackEvent> events = new CopyOnWriteArrayList<>();
      ManualTicker ticker = new ManualTicker();
      try (RedisProcess server = RedisProcess.launch();
          CountingJedis counting = new CountingJedis(server.hostAndPort())) {
        RedisKeyedConcurrencyLimiterBuilder<Object> builder =
            RedisKeyedConcurrencyLimiter.builder(counting, 4, 8)
                .name("policy-" + policy)
                .failurePolicy(policy)
                .ticker(ticker)
                .fallbackListener(events::add);
        if (policy == FailurePolicy.FALLBACK_LOCAL) {
          builder.expectedInstances(2);
        }
        RedisKeyedConcurrencyLimiter<String> limiter = builder.build();
        Permit held = limiter.tryAcquire("a");
        assertThat(held.isAcquired()).isTrue();
        server.kill();
        for (int i = 0; i < 3; i++) {
          limiter.tryAcquire("other").close();
        }
        assertThat(limiter.circuitBreaker().state()).isEqualTo(CircuitState.OPEN);
        int calls = counting.evalshaCalls();
        Permit p1 = limiter.tryAcquire("a");
        Permit p2 = limiter.tryAcquire("a");
        Permit p3 = limiter.tryAcquire("a");
        held.close(); // cannot reach Redis: the lease will expire there; no exception here
        assertThat(counting.evalshaCalls()).isEqualTo(calls);
        switch (policy) {
          case FAIL_OPEN:
            assertThat(List.of(p1.isAcquired(), p2.isAcquired(), p3.isAcquired())).containsOnly(true);
            break;
          case FAIL_CLOSED:
            assertThat(List.of(p1.isAcquired(), p2.isAcquired(), p3.isAcquired())).containsOnly(false);
            break;
          default:
            // 4 per key over 2 instances: 2 per key locally.
            assertThat(List.of(p1.isAcquired(), p2.isAcquired(), p3.isAcquired()))
                .containsExactly(true, true, false);
            assertThat(limiter.inFlight("a")).isEqualTo(2);
            p1.close();
            assertThat(limiter.inFlight()).isEqualTo(1);
            break;
        }
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).isInstanceOf(RedisFallbackEvent.Entered.class);
        assertThat(events.get(0).policy()).isEqualTo(policy);
      }
    }
  }

  @Test
  void builderValidatesEagerly() {
    assertThatThrownBy(() -> RedisKeyedConcurrencyLimiter.builder(null, 1, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("redis");
    assertThatThrownBy(() -> RedisKeyedConcurrencyLimiter.builder(redis, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPerKey must be >= 1 but was 0");
    assertThatThrownBy(() -> RedisKeyedConcurrencyLimiter.builder(redis, 3, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTotal must be >= maxPerKey (3) but was 2");
    RedisKeyedConcurrencyLimiterBuilder<Object> builder = RedisKeyedConcurrencyLimiter.builder(redis, 1, 1);
    assertThatThrownBy(() -> builder.name("a{b}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name must not contain '{' or '}' (Redis Cluster hash tags) but was 'a{b}'");
    assertThatThrownBy(() -> builder.leaseDuration(Duration.ofNanos(999_999)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("leaseDuration must be >= 1 ms but was PT0.000999999S");
    builder.leaseDuration(Duration.ofSeconds(5));
    assertThatThrownBy(() -> builder.leaseDuration(Duration.ofSeconds(6)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("leaseDuration was already set to PT5S");
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "set name or keyPrefix: limiters that share them share their Redis keys, so each limit"
                + " needs its own");
    builder.name("uploads");
    builder.failurePolicy(FailurePolicy.FALLBACK_LOCAL);
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("FALLBACK_LOCAL divides the limits by expectedInstances, which was not set");
    builder.expectedInstances(3);
    assertThat(builder.build().failurePolicy()).isEqualTo(FailurePolicy.FALLBACK_LOCAL);
  }

  @Test
  void rejectsNullKeys() {
    RedisKeyedConcurrencyLimiter<String> limiter = limiter(1, 1);
    assertThatThrownBy(() -> limiter.tryAcquire(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key");
    assertThatThrownBy(() -> limiter.inFlight(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key");
  }
}
