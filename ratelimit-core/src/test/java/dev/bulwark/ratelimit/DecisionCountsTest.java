package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.testalloc.Allocations;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Exact decision counts of the in-memory limiters, from the moment counting starts. */
class DecisionCountsTest {

  private final ManualTicker ticker = new ManualTicker();

  @Test
  void aLimiterCountsEveryKindOfDecisionButNotPeeksFromTheMomentItIsBuilt() throws Exception {
    RateLimiter limiter =
        RateLimiter.builder(RateLimit.perSecond(2)).ticker(ticker).sleeper(ticker.sleeper()).recordStats().build();
    limiter.tryAcquire(); // counted: the statistics start with the limiter
    DecisionCounts counts = limiter.stats().orElseThrow();
    assertThat(limiter.stats()).containsSame(counts);
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
    assertThat(limiter.tryAcquire(3)).isFalse(); // beyond the burst
    assertThat(limiter.tryAcquireDecision(1).allowed()).isFalse();
    limiter.peek(1);
    assertThat(limiter.acquire(1, Duration.ZERO)).isFalse();
    assertThat(limiter.acquire(1, Duration.ofSeconds(1))).isTrue(); // waits 500 ms
    ticker.advance(Duration.ofSeconds(1));
    assertThat(limiter.tryAcquireDecision(1).allowed()).isTrue();

    assertThat(counts.permitted()).isEqualTo(4);
    assertThat(counts.rejected()).isEqualTo(4);
    assertThat(counts).hasToString("DecisionCounts[permitted=4, rejected=4]");
  }

  @Test
  void aPolicyCountsItsDecisions() throws Exception {
    RateLimiter limiter = RateLimiter.builder(RateLimit.perSecond(1)).ticker(ticker).recordStats().build();
    DecisionCounts counts = limiter.stats().orElseThrow();
    dev.bulwark.core.Pipeline pipeline = dev.bulwark.core.Pipeline.of(limiter);
    pipeline.call(() -> "ok");
    try {
      pipeline.call(() -> "ok");
    } catch (RateLimitExceededException expected) {
      // counted as rejected
    }
    assertThat(counts.permitted()).isEqualTo(1);
    assertThat(counts.rejected()).isEqualTo(1);
  }

  @Test
  void aKeyedLimiterCountsDecisionsOverAllKeys() {
    KeyedRateLimiter<String> limiter =
        KeyedRateLimiter.builder(RateLimit.perSecond(1)).ticker(ticker).recordStats().build();
    DecisionCounts counts = limiter.stats().orElseThrow();
    assertThat(limiter.stats()).containsSame(counts);
    limiter.tryAcquire("a");
    limiter.tryAcquire("a");
    limiter.tryAcquire("b");
    limiter.tryAcquireDecision("b", 1);
    limiter.peek("c", 1);
    assertThat(counts.permitted()).isEqualTo(2);
    assertThat(counts.rejected()).isEqualTo(2);
  }

  @Test
  void aHierarchicalLimiterCountsEachDecisionOnceWhicheverLevelDecides() {
    HierarchicalRateLimiter<String> limiter =
        HierarchicalRateLimiter.builder()
            .global(RateLimit.perSecond(3))
            .perClient(RateLimit.perSecond(2))
            .route("chat", RateLimit.perSecond(1))
            .ticker(ticker)
            .recordStats()
            .build();
    HierarchyCounts counts = limiter.stats().orElseThrow();
    assertThat(limiter.stats()).containsSame(counts);
    assertThat(limiter.tryAcquire("chat", "a")).isTrue();
    assertThat(limiter.tryAcquire("chat", "a")).isFalse(); // the route level refuses
    assertThat(limiter.tryAcquire("search", "a")).isTrue();
    assertThat(limiter.tryAcquireDecision("search", "b", 1).allowed()).isTrue();
    assertThat(limiter.tryAcquire("search", "c")).isFalse(); // the global level refuses
    assertThat(limiter.tryAcquireDecision("search", "d", 1).allowed()).isFalse();
    assertThat(counts.permitted()).isEqualTo(3);
    assertThat(counts.rejected()).isEqualTo(3);
  }

  @Test
  void countingAllocatesNothingPerDecision() {
    RateLimiter limiter = RateLimiter.builder(RateLimit.perSecond(1000)).ticker(ticker).recordStats().build();
    DecisionCounts counts = limiter.stats().orElseThrow();
    Runnable decisions =
        () -> {
          for (int i = 0; i < 200_000; i++) {
            limiter.tryAcquire();
            if ((i & 0xFF) == 0) {
              ticker.advanceNanos(1_000_000);
            }
          }
        };
    decisions.run(); // lets the JIT compile the path
    long before = Allocations.ofCurrentThread();
    decisions.run();
    assertThat(Allocations.ofCurrentThread() - before).isLessThan(64 * 1024);
    assertThat(counts.permitted() + counts.rejected()).isEqualTo(400_000);
    assertThat(counts.permitted()).isPositive();
    assertThat(counts.rejected()).isPositive();
  }

  @Test
  void aLimiterBuiltWithoutStatsHasNoneAndNeverWill() {
    RateLimiter plain = RateLimiter.builder(RateLimit.perSecond(1)).ticker(ticker).build();
    KeyedRateLimiter<String> keyed = KeyedRateLimiter.builder(RateLimit.perSecond(1)).ticker(ticker).build();
    HierarchicalRateLimiter<String> hierarchical =
        HierarchicalRateLimiter.builder().perClient(RateLimit.perSecond(1)).ticker(ticker).build();
    plain.tryAcquire();
    keyed.tryAcquire("a");
    hierarchical.tryAcquire("r", "a");
    assertThat(plain.stats()).isEmpty();
    assertThat(keyed.stats()).isEmpty();
    assertThat(hierarchical.stats()).isEmpty();
  }

  @Test
  void statsAreChosenOnceOnTheBuilder() {
    RateLimiterBuilder plain = RateLimiter.builder(RateLimit.perSecond(1)).recordStats();
    assertThatThrownBy(plain::recordStats).isInstanceOf(IllegalStateException.class).hasMessageContaining("recordStats");
    KeyedRateLimiterBuilder keyed = KeyedRateLimiter.builder(RateLimit.perSecond(1)).recordStats();
    assertThatThrownBy(keyed::recordStats).isInstanceOf(IllegalStateException.class);
    HierarchicalRateLimiterBuilder hierarchical = HierarchicalRateLimiter.builder().recordStats();
    assertThatThrownBy(hierarchical::recordStats).isInstanceOf(IllegalStateException.class);
  }
}
