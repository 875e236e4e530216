package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.decisions.DecisionReader;
import dev.bulwark.ratelimit.decisions.ReadableKeyedLimiter;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The edge's decision path ({@link ReadableKeyedLimiter}) decides exactly as
 * {@link KeyedRateLimiter#tryAcquireDecision}: two limiters built alike, on the same
 * {@link ManualTicker}, one asked through each path with the same random keys, permits and
 * times, give equal decisions, equal listener events and equal counts, for every algorithm, one
 * limit and several; and a grant read through it allocates nothing.
 */
class ReadableKeyedLimiterTest {

  /** Rebuilds the decision from what the reader is handed: the comparison's common form. */
  private static final DecisionReader<RateLimitDecision> REBUILD = new DecisionReader<>() {
    @Override
    public RateLimitDecision granted(RateLimit limit, long remaining, long resetAfterNanos) {
      return new RateLimitDecision(true, limit, remaining, 0, resetAfterNanos);
    }

    @Override
    public RateLimitDecision refused(RateLimitDecision decision) {
      assertThat(decision.allowed()).isFalse();
      return decision;
    }
  };

  @Test
  void everyAlgorithmDecidesAsTryAcquireDecisionWithOneLimit() {
    for (RateLimitAlgorithm algorithm : RateLimitAlgorithm.values()) {
      sameDecisions(algorithm, List.of(RateLimit.perSecond(20).withBurst(5)), 1);
    }
  }

  @Test
  void everyAlgorithmDecidesAsTryAcquireDecisionWithSeveralLimits() {
    for (RateLimitAlgorithm algorithm : RateLimitAlgorithm.values()) {
      sameDecisions(algorithm, List.of(RateLimit.perSecond(10).withBurst(4), RateLimit.perMinute(60)), 2);
    }
  }

  private static void sameDecisions(RateLimitAlgorithm algorithm, List<RateLimit> limits, long seed) {
    ManualTicker ticker = new ManualTicker();
    List<RateLimiterEvent> plainEvents = new ArrayList<>();
    List<RateLimiterEvent> readEvents = new ArrayList<>();
    KeyedRateLimiter<String> plain = KeyedRateLimiter.builder(limits).name("l").algorithm(algorithm)
        .ticker(ticker).listener(plainEvents::add).recordStats().build();
    KeyedRateLimiter<String> read = KeyedRateLimiter.builder(limits).name("l").algorithm(algorithm)
        .ticker(ticker).listener(readEvents::add).recordStats().build();
    assertThat(read).isInstanceOf(ReadableKeyedLimiter.class);
    @SuppressWarnings("unchecked")
    ReadableKeyedLimiter<String> readable = (ReadableKeyedLimiter<String>) read;
    SplittableRandom random = new SplittableRandom(seed);
    int granted = 0;
    int refused = 0;
    for (int i = 0; i < 20_000; i++) {
      String key = "k" + random.nextInt(8);
      int permits = random.nextInt(10) == 0 ? 1 + random.nextInt(6) : 1; // sometimes over the burst
      RateLimitDecision expected = plain.tryAcquireDecision(key, permits);
      RateLimitDecision actual = readable.tryAcquire(key, permits, REBUILD);
      assertThat(actual).as("%s decision %d", algorithm, i).isEqualTo(expected);
      if (expected.allowed()) {
        granted++;
      } else {
        refused++;
      }
      ticker.advanceNanos(random.nextLong(120_000_000L));
    }
    assertThat(granted).isPositive();
    assertThat(refused).isPositive();
    assertThat(readEvents).isEqualTo(plainEvents);
    DecisionCounts plainCounts = plain.stats().orElseThrow();
    DecisionCounts readCounts = read.stats().orElseThrow();
    assertThat(readCounts.permitted()).isEqualTo(plainCounts.permitted()).isEqualTo(granted);
    assertThat(readCounts.rejected()).isEqualTo(plainCounts.rejected()).isEqualTo(refused);
  }

  @Test
  void checksItsArguments() {
    @SuppressWarnings("unchecked")
    ReadableKeyedLimiter<String> readable =
        (ReadableKeyedLimiter<String>) KeyedRateLimiter.builder(RateLimit.perSecond(5)).build();
    assertThatThrownBy(() -> readable.tryAcquire(null, 1, REBUILD)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> readable.tryAcquire("k", 1, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> readable.tryAcquire("k", 0, REBUILD)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTrackedKeyIsDecidedAtTheCallersReading() {
    ManualTicker ticker = new ManualTicker();
    @SuppressWarnings("unchecked")
    ReadableKeyedLimiter<String> readable = (ReadableKeyedLimiter<String>)
        KeyedRateLimiter.builder(RateLimit.perSecond(1)).ticker(ticker).build();
    assertThat(readable.tryAcquire("k", 1, ticker.read(), REBUILD).allowed()).isTrue();
    // The ticker has not moved: at its own reading the limiter refuses ...
    RateLimitDecision now = readable.tryAcquire("k", 1, ticker.read(), REBUILD);
    assertThat(now.allowed()).isFalse();
    assertThat(now.retryAfterNanos()).isEqualTo(1_000_000_000L);
    // ... and at a reading one second later, which the caller took, it grants.
    RateLimitDecision later = readable.tryAcquire("k", 1, ticker.read() + 1_000_000_000L, REBUILD);
    assertThat(later).isEqualTo(new RateLimitDecision(true, RateLimit.perSecond(1), 0, 0, 1_000_000_000L));
  }

  @Test
  void anUntrackedKeyIsDecidedAtAFreshReadingAsTheTickersOwnPathDoes() {
    ManualTicker ticker = new ManualTicker();
    @SuppressWarnings("unchecked")
    ReadableKeyedLimiter<String> readable = (ReadableKeyedLimiter<String>)
        KeyedRateLimiter.builder(RateLimit.perSecond(1)).ticker(ticker).build();
    long early = ticker.read();
    ticker.advanceNanos(5_000_000_000L);
    // Created full at the ticker's reading (5 s) and decided there, not at the caller's earlier one.
    RateLimitDecision first = readable.tryAcquire("new", 1, early, REBUILD);
    assertThat(first).isEqualTo(new RateLimitDecision(true, RateLimit.perSecond(1), 0, 0, 1_000_000_000L));
  }

  @Test
  void checksTheArgumentsOfTheReadingForm() {
    @SuppressWarnings("unchecked")
    ReadableKeyedLimiter<String> readable =
        (ReadableKeyedLimiter<String>) KeyedRateLimiter.builder(RateLimit.perSecond(5)).build();
    assertThatThrownBy(() -> readable.tryAcquire(null, 1, 0L, REBUILD)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> readable.tryAcquire("k", 1, 0L, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> readable.tryAcquire("k", 0, 0L, REBUILD))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aGrantReadOnATrackedKeyAllocatesNothing() throws Exception {
    ManualTicker ticker = new ManualTicker();
    @SuppressWarnings("unchecked")
    ReadableKeyedLimiter<String> readable = (ReadableKeyedLimiter<String>)
        KeyedRateLimiter.builder(RateLimit.perSecond(1_000_000)).ticker(ticker).build();
    DecisionReader<Long> remaining = new DecisionReader<>() {
      @Override
      public Long granted(RateLimit limit, long left, long resetAfterNanos) {
        return left > 0 ? 1L : 0L; // cached Long values: the reader allocates nothing either
      }

      @Override
      public Long refused(RateLimitDecision decision) {
        return -1L;
      }
    };
    Runnable decisions = () -> {
      long grants = 0;
      for (int i = 0; i < 1_000_000; i++) {
        grants += readable.tryAcquire("10.0.0.1", 1, remaining) >= 0 ? 1 : 0;
        ticker.advanceNanos(1_000);
      }
      assertThat(grants).isEqualTo(1_000_000);
    };
    decisions.run();
    long bytes = allocatedBy(decisions);
    assertThat(bytes).isLessThan(64 * 1024); // one 16-byte object per decision would be 16 MB
  }

  private static long allocatedBy(Runnable body) throws Exception {
    // Reflection: the tests compile inside the module, which does not read java.management.
    Object threads = Class.forName("java.lang.management.ManagementFactory")
        .getMethod("getThreadMXBean").invoke(null);
    Method allocated = Class.forName("com.sun.management.ThreadMXBean")
        .getMethod("getCurrentThreadAllocatedBytes");
    long before = (Long) allocated.invoke(threads);
    body.run();
    return (Long) allocated.invoke(threads) - before;
  }
}
