package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.Limits;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** Eager validation, set-once settings, cross-field rules and defaults; no Redis call is made. */
class RedisKeyedRateLimiterBuilderTest {

  /** Never connected: building a limiter sends nothing to Redis. */
  private static final JedisPooled REDIS = new JedisPooled("127.0.0.1", 1);

  @AfterAll
  static void close() {
    REDIS.close();
  }

  private static RedisKeyedRateLimiterBuilder<Object> builder() {
    return RedisKeyedRateLimiter.builder(REDIS, RateLimit.perMinute(10)).name("api-limit");
  }

  @Test
  void defaults() {
    RedisKeyedRateLimiter<String> limiter = builder().build();
    assertThat(limiter.name()).isEqualTo("api-limit");
    assertThat(limiter.limits()).containsExactly(RateLimit.perMinute(10));
    assertThat(limiter.algorithm()).isEqualTo(RateLimitAlgorithm.TOKEN_BUCKET);
    assertThat(limiter.failurePolicy()).isEqualTo(FailurePolicy.FAIL_OPEN);
    assertThat(limiter.redisKey("k")).isEqualTo("bulwark:rl:api-limit:{k}");
    assertThat(limiter.circuitBreaker().name()).isEqualTo("api-limit-redis");
    assertThat(limiter.circuitBreaker().config().consecutiveFailures()).isEqualTo(3);
    assertThat(limiter.circuitBreaker().config().openDurationNanos()).isEqualTo(1_000_000_000L);
    assertThat(limiter.trackedKeys()).isEqualTo(-1);
    assertThat(limiter.inFallback()).isFalse();
    assertThat(RedisKeyedRateLimiterBuilder.DEFAULT_CALL_TIMEOUT).isEqualTo(Duration.ofMillis(100));
    assertThat(RedisKeyedRateLimiterBuilder.DEFAULT_DENY_CACHE_SIZE).isEqualTo(10_000);
  }

  @Test
  void limitsAreRequiredAndParsedListsWork() {
    assertThatThrownBy(() -> RedisKeyedRateLimiter.builder(REDIS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("at least one limit is required");
    assertThatThrownBy(() -> RedisKeyedRateLimiter.builder(null, RateLimit.perSecond(1)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("redis");
    List<RateLimit> parsed = Limits.parse("200 per minute; 1000 per hour");
    assertThat(RedisKeyedRateLimiter.builder(REDIS, parsed).name("n").build().limits()).isEqualTo(parsed);
  }

  @Test
  void aNameOrAKeyPrefixIsRequired() {
    RedisKeyedRateLimiterBuilder<Object> bare = RedisKeyedRateLimiter.builder(REDIS, RateLimit.perMinute(10));
    assertThatThrownBy(bare::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "set name or keyPrefix: limiters that share them share their Redis keys, so each limit"
                + " needs its own");
    RedisKeyedRateLimiter<String> prefixed = bare.keyPrefix("app:").build();
    assertThat(prefixed.name()).isEqualTo("redis-rate-limiter");
    assertThat(prefixed.redisKey("k")).isEqualTo("app:{k}");
  }

  @Test
  void settingsAreValidatedAndSetOnce() {
    RedisKeyedRateLimiterBuilder<Object> b = RedisKeyedRateLimiter.builder(REDIS, RateLimit.perMinute(10));
    assertThatThrownBy(() -> b.name(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name must not be blank");
    assertThatThrownBy(() -> b.name(null)).isInstanceOf(NullPointerException.class).hasMessage("name");
    b.name("api");
    assertThatThrownBy(() -> b.name("other"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("name was already set to api");
    assertThatThrownBy(() -> b.algorithm(RateLimitAlgorithm.SLIDING_WINDOW_LOG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "SLIDING_WINDOW_LOG is not supported on Redis; use TOKEN_BUCKET, FIXED_WINDOW or"
                + " SLIDING_WINDOW_COUNTER");
    b.algorithm(RateLimitAlgorithm.FIXED_WINDOW);
    assertThatThrownBy(() -> b.algorithm(RateLimitAlgorithm.TOKEN_BUCKET))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("algorithm was already set to FIXED_WINDOW");
    assertThatThrownBy(() -> b.keyPrefix("app:{x}:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keyPrefix must not contain '{' or '}' (Redis Cluster hash tags) but was 'app:{x}:'");
    assertThatThrownBy(() -> b.expectedInstances(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expectedInstances must be >= 1 but was 0");
    assertThatThrownBy(() -> b.callTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("callTimeout must be positive but was PT0S");
    assertThatThrownBy(() -> b.denyCacheSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("denyCacheSize must be in [1, 16777216] but was 0");
    b.denyCacheSize(64);
    assertThatThrownBy(() -> b.denyCacheSize(64))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("denyCacheSize was already set to 64");
    b.ticker(new ManualTicker());
    assertThatThrownBy(() -> b.ticker(new ManualTicker())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.listener(null)).isInstanceOf(NullPointerException.class).hasMessage("listener");
    assertThatThrownBy(() -> b.fallbackListener(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("listener");
    RedisKeyedRateLimiter<String> built = b.build();
    assertThat(built.name()).isEqualTo("api");
    assertThat(built.redisKey("k")).isEqualTo("bulwark:rl:api:{k}");
  }

  @Test
  void crossFieldRulesRunInBuild() {
    assertThatThrownBy(() -> builder().failurePolicy(FailurePolicy.FALLBACK_LOCAL).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("FALLBACK_LOCAL divides the limits by expectedInstances, which was not set");
    assertThatThrownBy(() -> builder().expectedInstances(3).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("expectedInstances (3) applies only to FALLBACK_LOCAL, not to FAIL_OPEN");
    assertThatThrownBy(() -> builder().denyCache(false).denyCacheSize(5).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("denyCacheSize was set but the deny cache is off");
    RedisKeyedRateLimiterBuilder<Object> braces = RedisKeyedRateLimiter.builder(REDIS, RateLimit.perMinute(10));
    assertThatThrownBy(() -> braces.name("a{b}").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "the default key prefix would contain the braces of name 'a{b}', which Redis Cluster reads"
                + " as a hash tag; set keyPrefix");
    assertThat(braces.keyPrefix("ab:").build().redisKey("k")).isEqualTo("ab:{k}");
    // The order of the calls does not matter.
    assertThat(
            builder()
                .expectedInstances(2)
                .failurePolicy(FailurePolicy.FALLBACK_LOCAL)
                .build()
                .failurePolicy())
        .isEqualTo(FailurePolicy.FALLBACK_LOCAL);
  }

  @Test
  void limitsBeyondExactMicrosecondArithmeticAreRefused() {
    // 2,000,000 per day in sliding windows: burst times the 86,400 s window exceeds 2^52 µs.
    RateLimit huge = RateLimit.of(2_000_000, Duration.ofDays(1));
    assertThatThrownBy(
            () ->
                RedisKeyedRateLimiter.builder(REDIS, huge)
                    .name("huge")
                    .algorithm(RateLimitAlgorithm.SLIDING_WINDOW_COUNTER)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "burst 2000000 of 2000000/day times its 86400000000 µs span"
                + " exceeds 2^52 µs, beyond what Redis computes exactly; use a smaller burst");
    // As a token bucket the same limit is fine: burst times the 43.2 ms interval is one day.
    assertThat(RedisKeyedRateLimiter.builder(REDIS, huge).name("huge").build().limits()).containsExactly(huge);
  }

  @Test
  void anInjectedBreakerIsUsed() {
    CircuitBreaker breaker = CircuitBreaker.ofDefaults("shared-redis");
    assertThat(builder().circuitBreaker(breaker).build().circuitBreaker()).isSameAs(breaker);
  }

  @Test
  void spansAreRoundedUpToWholeMicroseconds() {
    // 3 per second: 333,333,334 ns between permits, 333,334 µs on Redis: never faster than nominal.
    assertThat(RateLimitScript.spanMicros(RateLimit.perSecond(3), RateLimitAlgorithm.TOKEN_BUCKET))
        .isEqualTo(333_334L);
    assertThat(RateLimitScript.spanMicros(RateLimit.perSecond(10), RateLimitAlgorithm.TOKEN_BUCKET))
        .isEqualTo(100_000L);
    assertThat(RateLimitScript.spanMicros(RateLimit.of(3, Duration.ofNanos(1_500)), RateLimitAlgorithm.FIXED_WINDOW))
        .isEqualTo(2L);
  }
}
