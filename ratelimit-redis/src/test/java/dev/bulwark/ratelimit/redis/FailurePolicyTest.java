package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Redis dies and comes back (empty): each failure policy decides meanwhile, the breaker opens after
 * three failed calls (entering fallback, reported once) and from then on no decision calls Redis
 * (counted, not timed), and the first decision after the open duration is the trial call that
 * brings the limiter back to Redis (leaving fallback, reported once). Server
 * time is Redis's own clock here; the local ticker drives only the breaker.
 */
class FailurePolicyTest {

  private static final RateLimit FIVE_PER_HOUR = RateLimit.perHour(5);

  private final ManualTicker ticker = new ManualTicker();
  private final List<RedisFallbackEvent> events = new CopyOnWriteArrayList<>();
  private RedisProcess server;
  private CountingJedis redis;

  @BeforeEach
  void start() {
    server = RedisProcess.launch();
    redis = new CountingJedis(server.hostAndPort());
  }

  @AfterEach
  void stop() {
    redis.close();
    server.close();
  }

  private RedisKeyedRateLimiter<String> limiter(FailurePolicy policy) {
    RedisKeyedRateLimiterBuilder<Object> builder =
        RedisKeyedRateLimiter.builder(redis, FIVE_PER_HOUR)
            .name("policy-" + policy)
            .failurePolicy(policy)
            .ticker(ticker)
            .fallbackListener(events::add);
    if (policy == FailurePolicy.FALLBACK_LOCAL) {
      builder.expectedInstances(2);
    }
    return builder.build();
  }

  /** Kills Redis, makes decisions until the breaker opens, and returns the Redis calls they made. */
  private int killAndOpen(RedisKeyedRateLimiter<String> limiter) {
    server.kill();
    int before = redis.evalshaCalls();
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);
      limiter.tryAcquire("other-" + i);
    }
    assertThat(limiter.circuitBreaker().state()).isEqualTo(CircuitState.OPEN);
    return redis.evalshaCalls() - before;
  }

  private void restartAndRecover(RedisKeyedRateLimiter<String> limiter) throws Exception {
    server.restartEmpty();
    int before = redis.evalshaCalls();
    int loads = redis.scriptLoads();
    limiter.tryAcquire("still-open");
    assertThat(redis.evalshaCalls()).isEqualTo(before); // the breaker is still open
    ticker.advance(Duration.ofSeconds(1)); // the default open duration
    assertThat(limiter.tryAcquireDecision("fresh", 1))
        .isEqualTo(new RateLimitDecision(true, FIVE_PER_HOUR, 4, 0, 720_000_000_000L)); // Redis, empty
    assertThat(redis.scriptLoads()).isEqualTo(loads + 1); // the new server answered NOSCRIPT once
    assertThat(limiter.circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);
    assertThat(limiter.inFallback()).isFalse();
    assertThat(events).hasSize(2);
    assertThat(events.get(1)).isInstanceOf(RedisFallbackEvent.Left.class);
    assertThat(((RedisFallbackEvent.Left) events.get(1)).fallbackNanos()).isEqualTo(1_000_000_000L);
  }

  private void assertEnteredOnceBecauseOfTheConnection(FailurePolicy policy) {
    assertThat(events).hasSize(1);
    RedisFallbackEvent.Entered entered = (RedisFallbackEvent.Entered) events.get(0);
    assertThat(entered.limiterName()).isEqualTo("policy-" + policy);
    assertThat(entered.policy()).isEqualTo(policy);
    assertThat(entered.cause()).isInstanceOf(JedisConnectionException.class);
  }

  @Test
  void failOpenGrantsWhatFitsTheBurstWithoutCallingRedis() throws Exception {
    RedisKeyedRateLimiter<String> limiter = limiter(FailurePolicy.FAIL_OPEN);
    assertThat(limiter.tryAcquire("k", 5)).isTrue();
    assertThat(limiter.tryAcquire("k")).isFalse();

    assertThat(killAndOpen(limiter)).isEqualTo(3);
    assertEnteredOnceBecauseOfTheConnection(FailurePolicy.FAIL_OPEN);
    int calls = redis.evalshaCalls();
    for (int i = 0; i < 1_000; i++) {
      assertThat(limiter.tryAcquire("j")).isTrue();
    }
    assertThat(limiter.tryAcquireDecision("j", 2))
        .isEqualTo(new RateLimitDecision(true, FIVE_PER_HOUR, 3, 0, 0));
    assertThat(limiter.peek("j", 2)).isEqualTo(new RateLimitDecision(true, FIVE_PER_HOUR, 5, 0, 0));
    assertThat(limiter.tryAcquireDecision("j", 6))
        .isEqualTo(new RateLimitDecision(false, FIVE_PER_HOUR, 5, Long.MAX_VALUE, 0));
    // What Redis said before the outage still holds: k has no permit for 12 minutes.
    assertThat(limiter.tryAcquire("k")).isFalse();
    assertThat(redis.evalshaCalls()).isEqualTo(calls);
    assertThat(limiter.inFallback()).isTrue();

    restartAndRecover(limiter);
  }

  @Test
  void failClosedRefusesUntilTheBreakerLetsATrialThrough() throws Exception {
    RedisKeyedRateLimiter<String> limiter = limiter(FailurePolicy.FAIL_CLOSED);
    assertThat(limiter.tryAcquire("k")).isTrue();

    assertThat(killAndOpen(limiter)).isEqualTo(3);
    assertEnteredOnceBecauseOfTheConnection(FailurePolicy.FAIL_CLOSED);
    int calls = redis.evalshaCalls();
    for (int i = 0; i < 1_000; i++) {
      assertThat(limiter.tryAcquire("fresh-" + i)).isFalse();
    }
    ticker.advance(Duration.ofMillis(400));
    // The breaker's remaining open time is 600 ms; a refusal announces at least 1 s.
    assertThat(limiter.tryAcquireDecision("k", 1))
        .isEqualTo(new RateLimitDecision(false, FIVE_PER_HOUR, 0, 1_000_000_000L, 1_000_000_000L));
    assertThat(redis.evalshaCalls()).isEqualTo(calls);

    ticker.advance(Duration.ofMillis(600));
    restartAndRecoverAfterTheOpenDuration(limiter);
  }

  /** As {@link #restartAndRecover}, when the test already advanced past the open duration. */
  private void restartAndRecoverAfterTheOpenDuration(RedisKeyedRateLimiter<String> limiter)
      throws Exception {
    server.restartEmpty();
    assertThat(limiter.tryAcquireDecision("fresh", 1))
        .isEqualTo(new RateLimitDecision(true, FIVE_PER_HOUR, 4, 0, 720_000_000_000L));
    assertThat(limiter.circuitBreaker().state()).isEqualTo(CircuitState.CLOSED);
    assertThat(events).hasSize(2);
    assertThat(events.get(1)).isInstanceOf(RedisFallbackEvent.Left.class);
  }

  @Test
  void fallbackLocalEnforcesTheLimitDividedByTheInstances() throws Exception {
    RedisKeyedRateLimiter<String> limiter = limiter(FailurePolicy.FALLBACK_LOCAL);
    assertThat(limiter.tryAcquire("k", 5)).isTrue();

    assertThat(killAndOpen(limiter)).isEqualTo(3);
    assertEnteredOnceBecauseOfTheConnection(FailurePolicy.FALLBACK_LOCAL);
    int calls = redis.evalshaCalls();
    // 5 per hour over 2 instances: 2 per hour, burst 2, in this process. The local state is new.
    RateLimit local = RateLimit.perHour(2);
    assertThat(limiter.tryAcquireDecision("j", 1))
        .isEqualTo(new RateLimitDecision(true, local, 1, 0, 1_800_000_000_000L));
    assertThat(limiter.tryAcquire("j")).isTrue();
    assertThat(limiter.tryAcquire("j")).isFalse();
    assertThat(limiter.peek("j", 1).retryAfterNanos()).isEqualTo(1_800_000_000_000L);
    assertThat(limiter.tryAcquire("other", 2)).isTrue();
    assertThat(redis.evalshaCalls()).isEqualTo(calls);

    restartAndRecover(limiter);
  }

  @Test
  void aSlowRedisOpensTheBreakerToo() {
    RedisKeyedRateLimiter<String> limiter = limiter(FailurePolicy.FAIL_CLOSED);
    assertThat(limiter.tryAcquire("warm-up")).isTrue(); // loads the script: EVALSHA, LOAD, EVALSHA
    int calls = redis.evalshaCalls();
    redis.makeSlow(ticker, Duration.ofMillis(101)); // over the default 100 ms call timeout
    for (int i = 0; i < 3; i++) {
      // Slow answers still count: they are Redis's decisions.
      assertThat(limiter.tryAcquire("k")).isTrue();
    }
    assertThat(limiter.circuitBreaker().state()).isEqualTo(CircuitState.OPEN);
    assertThat(limiter.tryAcquire("k")).isFalse(); // now FAIL_CLOSED, without a call
    assertThat(redis.evalshaCalls() - calls).isEqualTo(3);
    assertThat(events).hasSize(1);
    assertThat(((RedisFallbackEvent.Entered) events.get(0)).cause())
        .isInstanceOf(java.util.concurrent.TimeoutException.class)
        .hasMessageContaining("over the call timeout of 100000000 ns");

    redis.makeFast();
    ticker.advance(Duration.ofSeconds(1));
    assertThat(limiter.tryAcquireDecision("k", 1).remaining()).isEqualTo(1);
    assertThat(limiter.inFallback()).isFalse();
  }
}
