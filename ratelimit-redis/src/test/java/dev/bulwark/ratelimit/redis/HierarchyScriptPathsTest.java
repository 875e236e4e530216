package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.HierarchicalRateLimiter.Decision;
import dev.bulwark.ratelimit.RateLimit;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.JedisPooled;

/**
 * {@code hierarchy.lua} has a fast path for token-bucket levels of one limit each, and general code
 * for everything else. A level whose one limit is given twice ({@code [L, L]}) means exactly what
 * {@code [L]} means but takes the general code, so the same random run of decisions against both
 * shapes must produce equal decisions: this pins the fast path to the general code (the shared
 * contract suite, whose levels have one limit each, pins the fast path to the in-memory limiter).
 */
@ExtendWith(RedisServers.class)
class HierarchyScriptPathsTest {

  private static final RateLimit GLOBAL = RateLimit.perSecond(20).withBurst(9);
  private static final RateLimit CLIENT = RateLimit.perSecond(5).withBurst(4);
  private static final RateLimit ROUTE = RateLimit.perSecond(2).withBurst(3);
  private static final String[] ROUTES = {"home", "slow"};
  private static final String[] CLIENTS = {"a", "b", "c"};

  private static JedisPooled redis;

  @BeforeAll
  static void connect(JedisPooled shared) {
    redis = shared;
  }

  private static RedisHierarchicalRateLimiter<String> limiter(ManualTicker clock, boolean doubled, boolean global) {
    RedisHierarchicalRateLimiterBuilder<Object> b = RedisHierarchicalRateLimiter.builder(redis)
        .keyPrefix("paths:" + UUID.randomUUID() + ":")
        .perClient(doubled ? new RateLimit[] {CLIENT, CLIENT} : new RateLimit[] {CLIENT})
        .route("slow", doubled ? new RateLimit[] {ROUTE, ROUTE} : new RateLimit[] {ROUTE})
        .denyCache(false)
        .failurePolicy(FailurePolicy.FAIL_CLOSED)
        .ticker(clock)
        .serverClockForTesting(clock);
    if (global) {
      b.global(doubled ? new RateLimit[] {GLOBAL, GLOBAL} : new RateLimit[] {GLOBAL});
    }
    return b.build();
  }

  private static void sameDecisions(boolean global) {
    ManualTicker clock = new ManualTicker(1_700_000_000_000_000_000L);
    RedisHierarchicalRateLimiter<String> fast = limiter(clock, false, global);
    RedisHierarchicalRateLimiter<String> general = limiter(clock, true, global);
    SplittableRandom random = new SplittableRandom(20);
    int allowed = 0;
    int refused = 0;
    for (int i = 0; i < 600; i++) {
      String route = ROUTES[random.nextInt(ROUTES.length)];
      String client = CLIENTS[random.nextInt(CLIENTS.length)];
      int permits = random.nextInt(40) == 0 ? 10 : 1 + random.nextInt(3); // 10: above every burst
      Decision a = fast.tryAcquireDecision(route, client, permits);
      Decision b = general.tryAcquireDecision(route, client, permits);
      assertThat(b).as("decision %s: %s %s x%s", i, route, client, permits).isEqualTo(a);
      if (a.allowed()) {
        allowed++;
      } else {
        refused++;
      }
      clock.advance(Duration.ofMillis(random.nextInt(120)));
    }
    assertThat(fast.inFallback()).isFalse();
    assertThat(general.inFallback()).isFalse();
    // The run exercised both outcomes, so both paths' grants and refusals were compared.
    assertThat(allowed).isGreaterThan(100);
    assertThat(refused).isGreaterThan(100);
  }

  @Test
  void withAGlobalLevelTheFastPathDecidesAsTheGeneralCode() {
    sameDecisions(true);
  }

  @Test
  void withoutAGlobalLevelTheFastPathDecidesAsTheGeneralCode() {
    sameDecisions(false);
  }

  @Test
  void routesTakingEitherPathShareOneGlobalState() {
    // "slow" has two limits (the general code), the default level one (the fast path); both charge
    // the same global key, so the global level admits exactly its burst across them.
    ManualTicker clock = new ManualTicker(1_700_000_000_000_000_000L);
    RedisHierarchicalRateLimiter<String> limiter = RedisHierarchicalRateLimiter.builder(redis)
        .keyPrefix("paths:" + UUID.randomUUID() + ":")
        .global(RateLimit.perHour(5))
        .perClient(RateLimit.perHour(100))
        .route("slow", RateLimit.perHour(100), RateLimit.perMinute(50))
        .denyCache(false)
        .failurePolicy(FailurePolicy.FAIL_CLOSED)
        .ticker(clock)
        .serverClockForTesting(clock)
        .<String>build();
    int granted = 0;
    for (int i = 0; i < 20; i++) {
      if (limiter.tryAcquire(i % 2 == 0 ? "home" : "slow", "client-" + i % 3)) {
        granted++;
      }
    }
    assertThat(granted).isEqualTo(5);
  }
}
