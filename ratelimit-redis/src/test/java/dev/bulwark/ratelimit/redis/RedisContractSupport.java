package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.ratelimit.contract.KeyedRateLimiterContractTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import redis.clients.jedis.UnifiedJedis;

/**
 * Runs the in-memory limiter's semantic suite against Redis. The scripts take their time from a
 * {@link ManualTicker} (the builder's test clock, see {@code serverClockForTesting}), which is also
 * the limiter's local ticker: the suite's {@code advance} moves both, and every expectation is
 * exactly the in-memory one. Each limiter gets its own key prefix, so no state leaks between tests
 * or runs; any fallback (a Redis failure) fails the test.
 */
abstract class RedisContractSupport extends KeyedRateLimiterContractTest {

  private static final String RUN = UUID.randomUUID().toString();
  private static final AtomicLong LIMITERS = new AtomicLong();

  /** About 2023-11-14 in nanoseconds since the epoch: microsecond readings of a realistic size. */
  private final ManualTicker clock = new ManualTicker(1_700_000_000_000_000_000L);

  private final List<RedisFallbackEvent> fallbacks = new CopyOnWriteArrayList<>();

  abstract UnifiedJedis redis();

  abstract boolean denyCache();

  @Override
  protected <K> KeyedRateLimiter<K> newLimiter(List<RateLimit> limits, RateLimitAlgorithm algorithm) {
    return RedisKeyedRateLimiter.builder(redis(), limits)
        .algorithm(algorithm)
        .keyPrefix("contract:" + RUN + ":" + LIMITERS.incrementAndGet() + ":")
        .denyCache(denyCache())
        .failurePolicy(FailurePolicy.FAIL_CLOSED)
        .fallbackListener(fallbacks::add)
        .ticker(clock)
        .serverClockForTesting(clock)
        .build();
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
