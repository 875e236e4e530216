package dev.bulwark.ratelimit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.Limits;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.ratelimit.RateLimitDecision;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The semantics every {@link KeyedRateLimiter} shares, with exact expectations: which requests are
 * granted, and the remaining, retry-after and reset of every decision. The in-memory limiter runs it
 * ({@code InMemoryKeyedRateLimiterContractTest}); so does the Redis limiter in
 * {@code ratelimit-redis}, from this module's test jar, unchanged.
 *
 * <p>A subclass supplies the limiter and the clock. Time is expressed only through
 * {@link #advance(Duration)}; every limiter a test creates shares that one clock, which starts at an
 * instant of the subclass's choosing. Limiters that keep time in whole microseconds (Redis) are exact
 * on these tests because every limit's emission interval and window, and every step, is a whole
 * number of microseconds; nothing here needs finer time.
 *
 * <p>Keys start untouched in every test: a subclass must not let state leak from one test (or one
 * {@link #newLimiter} call) to another.
 */
public abstract class KeyedRateLimiterContractTest {

  private static final long US = 1_000L;
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;

  /** 10 per second, one every 100 ms, burst 5: full again 500 ms after being emptied. */
  private static final RateLimit TEN_PER_S_BURST_5 = RateLimit.perSecond(10).withBurst(5);

  /** 4 per 10 s: one every 2.5 s for the token bucket; windows of 10 s holding 4. */
  private static final RateLimit FOUR_PER_10S = RateLimit.of(4, Duration.ofSeconds(10));

  private static final RateLimit TEN_PER_10S = RateLimit.of(10, Duration.ofSeconds(10));

  /** For subclasses. */
  protected KeyedRateLimiterContractTest() {}

  /**
   * Creates a limiter with no key tracked, on the test's clock.
   *
   * @param limits one or more limits, decided together for each key
   * @param algorithm the algorithm: TOKEN_BUCKET, FIXED_WINDOW or SLIDING_WINDOW_COUNTER
   * @param <K> the key type
   * @return the limiter under test
   */
  protected abstract <K> KeyedRateLimiter<K> newLimiter(
      List<RateLimit> limits, RateLimitAlgorithm algorithm);

  /**
   * Moves the clock of every limiter of the current test forward.
   *
   * @param duration a whole number of microseconds, at least 0
   */
  protected abstract void advance(Duration duration);

  private KeyedRateLimiter<String> tokenBucket() {
    return newLimiter(List.of(TEN_PER_S_BURST_5), RateLimitAlgorithm.TOKEN_BUCKET);
  }

  private void advanceMicros(long micros) {
    advance(Duration.ofNanos(micros * US));
  }

  /** How long one more permit waits after the whole burst of {@link #FOUR_PER_10S} was taken. */
  private static long waitAfterBurst(RateLimitAlgorithm algorithm) {
    switch (algorithm) {
      case TOKEN_BUCKET:
        return 2_500 * MS; // one emission interval
      case SLIDING_WINDOW_COUNTER:
        // The next window, once ceil(4 * (W - off) / W) <= 3: off = W - floor(3W/4) = 2.5 s.
        return 12_500 * MS;
      default:
        return 10 * S; // the next window
    }
  }

  @Test
  public void eachKeyHasItsOwnBucketCreatedFull() {
    KeyedRateLimiter<String> limiter = tokenBucket();
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire("a")).isTrue();
    }
    assertThat(limiter.tryAcquire("a")).isFalse();
    assertThat(limiter.tryAcquire("b", 5)).isTrue();
    assertThat(limiter.tryAcquire("b")).isFalse();
    assertThat(limiter.tryAcquire("c", 4)).isTrue();
    assertThat(limiter.tryAcquire("c", 2)).isFalse();
    assertThat(limiter.tryAcquire("c")).isTrue();
    assertThat(limiter.tryAcquire("A")).isTrue();
    assertThat(limiter.tryAcquire("")).isTrue();
  }

  @Test
  public void keysOfAnyTypeAreComparedByValue() {
    KeyedRateLimiter<Integer> limiter =
        newLimiter(List.of(TEN_PER_S_BURST_5), RateLimitAlgorithm.TOKEN_BUCKET);
    assertThat(limiter.tryAcquire(7, 5)).isTrue();
    assertThat(limiter.tryAcquire(Integer.valueOf(7))).isFalse();
    assertThat(limiter.tryAcquire(8, 5)).isTrue();
  }

  @Test
  public void keysWithBracesAndSeparatorsAreKeptApart() {
    KeyedRateLimiter<String> limiter = tokenBucket();
    assertThat(limiter.tryAcquire("{a}", 5)).isTrue();
    assertThat(limiter.tryAcquire("a")).isTrue();
    assertThat(limiter.tryAcquire("{a")).isTrue();
    assertThat(limiter.tryAcquire("a}:x", 5)).isTrue();
    assertThat(limiter.tryAcquire("a}")).isTrue();
    assertThat(limiter.tryAcquire("{a}")).isFalse();
  }

  @Test
  public void refillsOnePermitPerEmissionInterval() {
    KeyedRateLimiter<String> limiter = tokenBucket();
    assertThat(limiter.tryAcquire("a", 5)).isTrue();
    advanceMicros(99_999);
    assertThat(limiter.tryAcquire("a")).isFalse();
    advanceMicros(1);
    assertThat(limiter.tryAcquire("a")).isTrue();
    assertThat(limiter.tryAcquire("a")).isFalse();
    advance(Duration.ofMillis(250));
    assertThat(limiter.tryAcquire("a", 2)).isTrue();
    assertThat(limiter.tryAcquire("a")).isFalse();
  }

  @Test
  public void decisionDescribesTheKeysBucket() {
    KeyedRateLimiter<String> limiter = tokenBucket();
    assertThat(limiter.tryAcquireDecision("a", 3))
        .isEqualTo(new RateLimitDecision(true, TEN_PER_S_BURST_5, 2, 0, 300 * MS));
    assertThat(limiter.tryAcquireDecision("a", 3))
        .isEqualTo(new RateLimitDecision(false, TEN_PER_S_BURST_5, 2, 100 * MS, 300 * MS));
    assertThat(limiter.tryAcquireDecision("a", 6))
        .isEqualTo(new RateLimitDecision(false, TEN_PER_S_BURST_5, 2, Long.MAX_VALUE, 300 * MS));
    assertThat(limiter.tryAcquireDecision("a", 2))
        .isEqualTo(new RateLimitDecision(true, TEN_PER_S_BURST_5, 0, 0, 500 * MS));
    advance(Duration.ofMillis(30));
    assertThat(limiter.tryAcquireDecision("a", 1))
        .isEqualTo(new RateLimitDecision(false, TEN_PER_S_BURST_5, 0, 70 * MS, 470 * MS));
    assertThat(limiter.tryAcquireDecision("a", 2))
        .isEqualTo(new RateLimitDecision(false, TEN_PER_S_BURST_5, 0, 170 * MS, 470 * MS));
    advance(Duration.ofMillis(70));
    assertThat(limiter.tryAcquireDecision("a", 1))
        .isEqualTo(new RateLimitDecision(true, TEN_PER_S_BURST_5, 0, 0, 500 * MS));
  }

  @Test
  public void peekNeitherConsumesNorCreatesState() {
    KeyedRateLimiter<String> limiter = tokenBucket();
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.peek("new", 5))
          .isEqualTo(new RateLimitDecision(true, TEN_PER_S_BURST_5, 5, 0, 0));
    }
    assertThat(limiter.tryAcquire("a", 4)).isTrue();
    for (int i = 0; i < 2; i++) {
      assertThat(limiter.peek("a", 2))
          .isEqualTo(new RateLimitDecision(false, TEN_PER_S_BURST_5, 1, 100 * MS, 400 * MS));
    }
    assertThat(limiter.tryAcquire("a")).isTrue();
    assertThat(limiter.peek("a", 1))
        .isEqualTo(new RateLimitDecision(false, TEN_PER_S_BURST_5, 0, 100 * MS, 500 * MS));
    assertThat(limiter.peek("a", 6))
        .isEqualTo(new RateLimitDecision(false, TEN_PER_S_BURST_5, 0, Long.MAX_VALUE, 500 * MS));
    advance(Duration.ofMillis(500));
    assertThat(limiter.peek("a", 5))
        .isEqualTo(new RateLimitDecision(true, TEN_PER_S_BURST_5, 5, 0, 0));
  }

  @ParameterizedTest
  @EnumSource(
      value = RateLimitAlgorithm.class,
      names = {"TOKEN_BUCKET", "FIXED_WINDOW", "SLIDING_WINDOW_COUNTER"})
  public void admitsTheBurstAtOnceThenWaitsExactly(RateLimitAlgorithm algorithm) {
    KeyedRateLimiter<String> limiter = newLimiter(List.of(FOUR_PER_10S), algorithm);
    long wait = waitAfterBurst(algorithm);
    assertThat(limiter.tryAcquire("k", 3)).isTrue();
    assertThat(limiter.tryAcquire("k")).isTrue();
    assertThat(limiter.tryAcquire("k")).isFalse();
    assertThat(limiter.tryAcquireDecision("k", 1).retryAfterNanos()).isEqualTo(wait);
    advance(Duration.ofNanos(wait - US));
    assertThat(limiter.tryAcquire("k")).isFalse();
    assertThat(limiter.tryAcquireDecision("k", 1).retryAfterNanos()).isEqualTo(US);
    advanceMicros(1);
    assertThat(limiter.tryAcquire("k")).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = RateLimitAlgorithm.class,
      names = {"TOKEN_BUCKET", "FIXED_WINDOW", "SLIDING_WINDOW_COUNTER"})
  public void peekConsumesNothing(RateLimitAlgorithm algorithm) {
    KeyedRateLimiter<String> limiter = newLimiter(List.of(FOUR_PER_10S), algorithm);
    for (int i = 0; i < 4; i++) {
      assertThat(limiter.peek("k", 3)).isEqualTo(new RateLimitDecision(true, FOUR_PER_10S, 4, 0, 0));
    }
    assertThat(limiter.tryAcquire("k", 4)).isTrue();
    assertThat(limiter.peek("k", 1).retryAfterNanos()).isEqualTo(waitAfterBurst(algorithm));
    assertThat(limiter.peek("k", 1).retryAfterNanos()).isEqualTo(waitAfterBurst(algorithm));
  }

  @ParameterizedTest
  @EnumSource(
      value = RateLimitAlgorithm.class,
      names = {"TOKEN_BUCKET", "FIXED_WINDOW", "SLIDING_WINDOW_COUNTER"})
  public void permitsAboveTheBurstAreNeverGranted(RateLimitAlgorithm algorithm) {
    KeyedRateLimiter<String> limiter = newLimiter(List.of(FOUR_PER_10S), algorithm);
    assertThat(limiter.tryAcquire("k", 5)).isFalse();
    assertThat(limiter.tryAcquireDecision("k", 5))
        .isEqualTo(new RateLimitDecision(false, FOUR_PER_10S, 4, Long.MAX_VALUE, 0));
    assertThat(limiter.peek("k", Integer.MAX_VALUE))
        .isEqualTo(new RateLimitDecision(false, FOUR_PER_10S, 4, Long.MAX_VALUE, 0));
    assertThat(limiter.tryAcquire("k", 4)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = RateLimitAlgorithm.class,
      names = {"TOKEN_BUCKET", "FIXED_WINDOW", "SLIDING_WINDOW_COUNTER"})
  public void severalLimitsDecideAllOrNothing(RateLimitAlgorithm algorithm) {
    RateLimit fast = RateLimit.of(4, Duration.ofMillis(500));
    RateLimit slow = RateLimit.of(5, Duration.ofSeconds(10));
    KeyedRateLimiter<String> limiter = newLimiter(List.of(fast, slow), algorithm);
    assertThat(limiter.tryAcquire("k", 4)).isTrue();
    advance(Duration.ofSeconds(1));
    // The fast limit would grant 2 again (two windows later, or refilled); the slow one has 1 left
    // and refuses.
    RateLimitDecision refused = limiter.tryAcquireDecision("k", 2);
    long expectedWait;
    long expectedReset;
    switch (algorithm) {
      case TOKEN_BUCKET:
        expectedWait = S; // tat 8 s, +4 s for two permits, minus now (1 s) and the 10 s tolerance
        expectedReset = 7 * S;
        break;
      case FIXED_WINDOW:
        expectedWait = 9 * S;
        expectedReset = 9 * S;
        break;
      default:
        // The next window, once ceil(4 * (W - off) / W) <= 3: off = W - floor(3W/4) = 2.5 s.
        expectedWait = 11_500 * MS;
        expectedReset = 19 * S;
        break;
    }
    assertThat(refused).isEqualTo(new RateLimitDecision(false, slow, 1, expectedWait, expectedReset));
    // Nothing was taken from the fast limit: all of its permits are still there.
    RateLimitDecision granted = limiter.tryAcquireDecision("k", 1);
    assertThat(granted.allowed()).isTrue();
    assertThat(granted.limit()).isEqualTo(slow);
    assertThat(granted.remaining()).isZero();
    assertThat(limiter.peek("k", 3).limit()).isEqualTo(slow);
  }

  @Test
  public void aDecisionOverSeveralLimitsDescribesTheRefusingOneOrTheOneWithFewestRemaining() {
    RateLimit perSecond = RateLimit.perSecond(2);
    RateLimit perMinute = RateLimit.perMinute(3);
    KeyedRateLimiter<String> limiter =
        newLimiter(List.of(perSecond, perMinute), RateLimitAlgorithm.TOKEN_BUCKET);
    assertThat(limiter.tryAcquireDecision("k", 1))
        .isEqualTo(new RateLimitDecision(true, perSecond, 1, 0, 500 * MS));
    assertThat(limiter.tryAcquireDecision("k", 1))
        .isEqualTo(new RateLimitDecision(true, perSecond, 0, 0, S));
    advance(Duration.ofSeconds(1));
    assertThat(limiter.tryAcquireDecision("k", 2))
        .isEqualTo(new RateLimitDecision(false, perMinute, 1, 19 * S, 39 * S));
    assertThat(limiter.peek("k", 1))
        .isEqualTo(new RateLimitDecision(true, perMinute, 1, 0, 39 * S));
    assertThat(limiter.peek("k", 3))
        .isEqualTo(new RateLimitDecision(false, perSecond, 2, Long.MAX_VALUE, 0));
    assertThat(limiter.tryAcquireDecision("k", 1))
        .isEqualTo(new RateLimitDecision(true, perMinute, 0, 0, 59 * S));
    assertThat(limiter.tryAcquireDecision("k", 1))
        .isEqualTo(new RateLimitDecision(false, perMinute, 0, 19 * S, 59 * S));
  }

  @Test
  public void severalLimitsExpireWithTheSlowest() {
    KeyedRateLimiter<String> limiter =
        newLimiter(
            List.of(RateLimit.perSecond(2), RateLimit.perMinute(3)), RateLimitAlgorithm.TOKEN_BUCKET);
    assertThat(limiter.tryAcquire("a", 2)).isTrue();
    assertThat(limiter.tryAcquire("a")).isFalse();
    advance(Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire("a", 2)).isFalse(); // the minute has 1 left: nothing consumed
    assertThat(limiter.tryAcquire("a")).isTrue();
    advance(Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire("a")).isFalse();
    assertThat(limiter.tryAcquire("b", 2)).isTrue();
    advance(Duration.ofSeconds(59));
    assertThat(limiter.tryAcquire("a", 3)).isFalse();
    advance(Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire("a", 2)).isTrue();
  }

  @Test
  public void fixedWindowsAreAlignedOnTheKeysFirstRequest() {
    RateLimit tenPerMinute = RateLimit.perMinute(100).withBurst(10);
    KeyedRateLimiter<String> limiter = newLimiter(List.of(tenPerMinute), RateLimitAlgorithm.FIXED_WINDOW);
    assertThat(limiter.tryAcquireDecision("a", 10))
        .isEqualTo(new RateLimitDecision(true, tenPerMinute, 0, 0, 60 * S));
    advance(Duration.ofSeconds(6)); // the token bucket's refill-to-full time: no help here
    assertThat(limiter.tryAcquireDecision("a", 1))
        .isEqualTo(new RateLimitDecision(false, tenPerMinute, 0, 54 * S, 54 * S));
    assertThat(limiter.tryAcquireDecision("b", 1))
        .isEqualTo(new RateLimitDecision(true, tenPerMinute, 9, 0, 60 * S));
    advance(Duration.ofSeconds(54));
    assertThat(limiter.tryAcquireDecision("a", 10))
        .isEqualTo(new RateLimitDecision(true, tenPerMinute, 0, 0, 60 * S));
    // b's windows began at its first request, 6 s after a's.
    assertThat(limiter.peek("b", 10))
        .isEqualTo(new RateLimitDecision(false, tenPerMinute, 9, 6 * S, 6 * S));
    advance(Duration.ofSeconds(6));
    assertThat(limiter.peek("b", 10)).isEqualTo(new RateLimitDecision(true, tenPerMinute, 10, 0, 0));
  }

  @Test
  public void aFixedWindowBoundaryLetsTwiceTheBurstThroughInAMoment() {
    KeyedRateLimiter<String> limiter = newLimiter(List.of(FOUR_PER_10S), RateLimitAlgorithm.FIXED_WINDOW);
    assertThat(limiter.tryAcquire("k")).isTrue();
    advance(Duration.ofSeconds(10).minusNanos(US));
    assertThat(limiter.tryAcquire("k", 3)).isTrue();
    advanceMicros(1);
    assertThat(limiter.tryAcquire("k", 4)).isTrue();
    assertThat(limiter.tryAcquireDecision("k", 1))
        .isEqualTo(new RateLimitDecision(false, FOUR_PER_10S, 0, 10 * S, 10 * S));
  }

  @Test
  public void theSlidingCounterWeighsThePreviousWindowByItsOverlap() {
    KeyedRateLimiter<String> limiter =
        newLimiter(List.of(TEN_PER_10S), RateLimitAlgorithm.SLIDING_WINDOW_COUNTER);
    assertThat(limiter.tryAcquire("k", 10)).isTrue();
    // 1 µs before 1 s into window 1: the previous 10 still weigh ceil(10 * (9 s + 1 µs) / 10 s) = 10.
    advance(Duration.ofSeconds(11).minusNanos(US));
    assertThat(limiter.tryAcquireDecision("k", 1))
        .isEqualTo(new RateLimitDecision(false, TEN_PER_10S, 0, US, 9 * S + US));
    advanceMicros(1);
    assertThat(limiter.tryAcquireDecision("k", 1))
        .isEqualTo(new RateLimitDecision(true, TEN_PER_10S, 0, 0, 19 * S));
    advance(Duration.ofSeconds(4)); // 5 s into window 1: the previous 10 weigh 5
    assertThat(limiter.peek("k", 4)).isEqualTo(new RateLimitDecision(true, TEN_PER_10S, 4, 0, 15 * S));
    assertThat(limiter.tryAcquire("k", 4)).isTrue();
    assertThat(limiter.tryAcquireDecision("k", 1))
        .isEqualTo(new RateLimitDecision(false, TEN_PER_10S, 0, S, 15 * S));
    advance(Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire("k")).isTrue();
    advance(Duration.ofSeconds(14)); // window 3 begins: window 1's count no longer weighs anything
    assertThat(limiter.peek("k", 10)).isEqualTo(new RateLimitDecision(true, TEN_PER_10S, 10, 0, 0));
  }

  @Test
  public void theSlidingCounterAdmitsAtMostTwiceTheBurstMinusOneInOnePeriod() {
    KeyedRateLimiter<String> limiter =
        newLimiter(List.of(TEN_PER_10S), RateLimitAlgorithm.SLIDING_WINDOW_COUNTER);
    assertThat(limiter.tryAcquire("k")).isTrue();
    advance(Duration.ofSeconds(10).minusNanos(US));
    assertThat(limiter.tryAcquire("k", 9)).isTrue(); // window 0's permits at its very end...
    advance(Duration.ofSeconds(10));
    // ...weigh ceil(10 * 1 µs / 10 s) = 1 at the end of window 1: 9 more pass.
    assertThat(limiter.tryAcquire("k", 9)).isTrue();
    assertThat(limiter.tryAcquireDecision("k", 1).retryAfterNanos()).isEqualTo(US);
    advanceMicros(1);
    // A full burst waits until window 1's 9 no longer weigh anything: the start of window 3.
    assertThat(limiter.tryAcquireDecision("k", 10))
        .isEqualTo(new RateLimitDecision(false, TEN_PER_10S, 1, 10 * S, 10 * S));
  }

  @Test
  public void rejectsNullKeysAndBadPermits() {
    KeyedRateLimiter<String> limiter = tokenBucket();
    assertThatThrownBy(() -> limiter.tryAcquire(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key");
    assertThatThrownBy(() -> limiter.tryAcquire(null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key");
    assertThatThrownBy(() -> limiter.tryAcquireDecision(null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key");
    assertThatThrownBy(() -> limiter.peek(null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key");
    for (int bad : new int[] {0, -1}) {
      assertThatThrownBy(() -> limiter.tryAcquire("a", bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("permits must be >= 1 but was " + bad);
      assertThatThrownBy(() -> limiter.tryAcquireDecision("a", bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("permits must be >= 1 but was " + bad);
      assertThatThrownBy(() -> limiter.peek("a", bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("permits must be >= 1 but was " + bad);
    }
    assertThat(limiter.tryAcquire("a", 5)).isTrue();
  }

  @Test
  public void reportsItsLimits() {
    List<RateLimit> limits = Limits.parse("200 per minute; 1000 per hour");
    KeyedRateLimiter<String> limiter = newLimiter(limits, RateLimitAlgorithm.TOKEN_BUCKET);
    assertThat(limiter.limits()).isEqualTo(limits);
    assertThat(limiter.name()).isNotBlank();
  }
}
