package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.contract.HierarchicalRateLimiterContractTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import redis.clients.jedis.UnifiedJedis;

/**
 * Runs the in-memory hierarchical limiter's semantic suite against {@link RedisHierarchicalRateLimiter}:
 * the script takes its time from a {@link ManualTicker} that is also the local ticker, so every
 * expectation is exactly the in-memory one. Each limiter gets its own key prefix; any fallback (a
 * Redis failure) fails the test.
 */
abstract class RedisHierarchyContractSupport extends HierarchicalRateLimiterContractTest {

  private static final String RUN = UUID.randomUUID().toString();
  private static final AtomicLong LIMITERS = new AtomicLong();

  private final ManualTicker clock = new ManualTicker(1_700_000_000_000_000_000L);
  private final List<RedisFallbackEvent> fallbacks = new CopyOnWriteArrayList<>();

  abstract UnifiedJedis redis();

  abstract boolean denyCache();

  @Override
  protected <K> HierarchicalRateLimiter<K> newLimiter(Levels levels) {
    RedisHierarchicalRateLimiterBuilder<Object> b = RedisHierarchicalRateLimiter.builder(redis())
        .keyPrefix("hierarchy:" + RUN + ":" + LIMITERS.incrementAndGet() + ":")
        .perClient(array(levels.perClient()))
        .denyCache(denyCache())
        .failurePolicy(FailurePolicy.FAIL_CLOSED)
        .fallbackListener(fallbacks::add)
        .ticker(clock)
        .serverClockForTesting(clock);
    String name = levels.name();
    if (name != null) {
      b.name(name);
    }
    List<RateLimit> global = levels.global();
    if (global != null) {
      b.global(array(global));
    }
    levels.routes().forEach((route, limits) -> b.route(route, array(limits)));
    levels.listeners().forEach(b::listener);
    return b.build();
  }

  private static RateLimit[] array(List<RateLimit> limits) {
    return limits.toArray(new RateLimit[0]);
  }

  @Override
  protected void advance(Duration duration) {
    clock.advance(duration);
  }

  @AfterEach
  void redisNeverFailed() {
    assertThat(fallbacks).isEmpty();
  }
}
