package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.ratelimit.RateLimitDecision;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.JedisPooled;

/**
 * The production path: decisions on the Redis server's clock ({@code TIME}), the documented key
 * layout, and the TTL of every key. Time moves on its own here, so only what one script run fixes
 * is asserted exactly; values that depend on time elapsed between two runs are checked against the
 * bounds the semantics give (never longer than one interval, a TTL never shorter than the state
 * needs less the minute a slow machine might take).
 */
@ExtendWith(RedisServers.class)
class ServerClockAndKeysTest {

  private static final long S = 1_000_000_000L;
  private static JedisPooled redis;

  private final String prefix = "clock:" + UUID.randomUUID() + ":";

  @BeforeAll
  static void connect(JedisPooled shared) {
    redis = shared;
  }

  private RedisKeyedRateLimiter<String> limiter(RateLimitAlgorithm algorithm, RateLimit... limits) {
    return RedisKeyedRateLimiter.builder(redis, limits)
        .algorithm(algorithm)
        .keyPrefix(prefix)
        .failurePolicy(FailurePolicy.FAIL_CLOSED)
        .build();
  }

  @Test
  void aNonAsciiKeyIsStoredUnderItsDocumentedName() {
    RedisKeyedRateLimiter<String> limiter = limiter(RateLimitAlgorithm.TOKEN_BUCKET, RateLimit.perHour(3));
    String client = "caf\u00e9-\u6771\u4eac-\uD83D\uDE00";
    assertThat(limiter.tryAcquire(client)).isTrue();
    assertThat(redis.get(limiter.redisKey(client))).matches("\\d{16}");
    assertThat(limiter.peek(client, 1).remaining()).isEqualTo(2);
  }

  @Test
  void theTokenBucketRunsOnTheServerClockAndItsKeyLivesUntilFull() {
    RateLimit threePerHour = RateLimit.perHour(3); // one permit every 20 minutes
    RedisKeyedRateLimiter<String> limiter = limiter(RateLimitAlgorithm.TOKEN_BUCKET, threePerHour);
    // Within one script run the clock stands still: this decision is exact.
    assertThat(limiter.tryAcquireDecision("k", 2))
        .isEqualTo(new RateLimitDecision(true, threePerHour, 1, 0, 2_400 * S));
    RateLimitDecision refused = limiter.tryAcquireDecision("k", 2);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()).isEqualTo(1);
    assertThat(refused.retryAfterNanos()).isPositive().isLessThanOrEqualTo(1_200 * S);
    assertThat(refused.retryAfterNanos() % 1_000).isZero(); // whole microseconds

    String key = limiter.redisKey("k");
    assertThat(key).isEqualTo(prefix + "{k}");
    assertThat(redis.get(key)).matches("\\d{16}"); // one token-bucket limit: the bare TAT
    // The TTL is the time until full again: 40 minutes after the first decision.
    assertThat(redis.pttl(key)).isLessThanOrEqualTo(2_400_000L).isGreaterThan(2_340_000L);
  }

  @Test
  void windowKeysHoldTheirOriginAndLiveUntilTheirWindowsAreEmpty() {
    RateLimit tenPerHour = RateLimit.perHour(10);
    RedisKeyedRateLimiter<String> fixed = limiter(RateLimitAlgorithm.FIXED_WINDOW, tenPerHour);
    assertThat(fixed.tryAcquireDecision("k", 2))
        .isEqualTo(new RateLimitDecision(true, tenPerHour, 8, 0, 3_600 * S));
    assertThat(redis.get(fixed.redisKey("k"))).matches("f \\d{16} 0 2");
    assertThat(redis.pttl(fixed.redisKey("k"))).isLessThanOrEqualTo(3_600_000L).isGreaterThan(3_540_000L);

    RedisKeyedRateLimiter<String> sliding =
        RedisKeyedRateLimiter.builder(redis, tenPerHour)
            .algorithm(RateLimitAlgorithm.SLIDING_WINDOW_COUNTER)
            .keyPrefix(prefix + "s:")
            .build();
    assertThat(sliding.tryAcquireDecision("k", 3))
        .isEqualTo(new RateLimitDecision(true, tenPerHour, 7, 0, 7_200 * S));
    assertThat(redis.get(sliding.redisKey("k"))).matches("s \\d{16} 0 0 3");
    assertThat(redis.pttl(sliding.redisKey("k"))).isLessThanOrEqualTo(7_200_000L).isGreaterThan(7_140_000L);
  }

  @Test
  void severalLimitsShareOneKeyThatLivesAsLongAsTheSlowest() {
    RateLimit perMinute = RateLimit.perMinute(2);
    RateLimit perHour = RateLimit.perHour(4);
    RedisKeyedRateLimiter<String> limiter = limiter(RateLimitAlgorithm.TOKEN_BUCKET, perMinute, perHour);
    assertThat(limiter.tryAcquireDecision("k", 2))
        .isEqualTo(new RateLimitDecision(true, perMinute, 0, 0, 60 * S));
    assertThat(redis.get(limiter.redisKey("k"))).matches("g \\d{16} \\d{16}");
    assertThat(redis.pttl(limiter.redisKey("k"))).isLessThanOrEqualTo(1_800_000L).isGreaterThan(1_740_000L);
  }

  @Test
  void peekAndGrantsOnFullBucketsWriteNothing() {
    RedisKeyedRateLimiter<String> limiter = limiter(RateLimitAlgorithm.TOKEN_BUCKET, RateLimit.perHour(3));
    assertThat(limiter.peek("k", 3).allowed()).isTrue();
    assertThat(limiter.tryAcquire("k", 4)).isFalse(); // above the burst: a full bucket stays full
    assertThat(redis.exists(limiter.redisKey("k"))).isFalse();
  }

  @Test
  void aRefusedFirstRequestFixesWhereTheKeysWindowsBegin() {
    RedisKeyedRateLimiter<String> limiter = limiter(RateLimitAlgorithm.FIXED_WINDOW, RateLimit.perHour(3));
    assertThat(limiter.tryAcquire("k", 4)).isFalse();
    assertThat(redis.get(limiter.redisKey("k"))).matches("f \\d{16} 0 0");
    assertThat(redis.pttl(limiter.redisKey("k"))).isLessThanOrEqualTo(3_600_000L).isPositive();
  }

  @Test
  void stateWrittenUnderAnotherAlgorithmOrLimitCountStartsAfresh() {
    RedisKeyedRateLimiter<String> bucket = limiter(RateLimitAlgorithm.TOKEN_BUCKET, RateLimit.perHour(3));
    assertThat(bucket.tryAcquire("k", 3)).isTrue();
    RedisKeyedRateLimiter<String> window = limiter(RateLimitAlgorithm.FIXED_WINDOW, RateLimit.perHour(3));
    assertThat(window.tryAcquire("k", 3)).isTrue();
    RedisKeyedRateLimiter<String> two =
        limiter(RateLimitAlgorithm.FIXED_WINDOW, RateLimit.perHour(3), RateLimit.perHour(5));
    assertThat(two.tryAcquire("k", 3)).isTrue();
    assertThat(redis.get(two.redisKey("k"))).matches("f \\d{16} 0 3 0 3");
  }

  @Test
  void keyTextComesFromKeyToStringInsideTheHashTag() {
    RedisKeyedRateLimiter<Integer> limiter =
        RedisKeyedRateLimiter.builder(redis, RateLimit.perHour(1))
            .name("users")
            .<Integer>keyToString(id -> "user-" + id)
            .build();
    assertThat(limiter.redisKey(42)).isEqualTo("bulwark:rl:users:{user-42}");
  }
}
