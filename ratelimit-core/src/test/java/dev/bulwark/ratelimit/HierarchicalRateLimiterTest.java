package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.contract.HierarchicalRateLimiterContractTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The in-memory hierarchical limiter: the shared semantic suite, plus what belongs to this
 * implementation (its builder, its key count).
 */
class HierarchicalRateLimiterTest extends HierarchicalRateLimiterContractTest {

  private final ManualTicker ticker = new ManualTicker(123_456_789L);

  @Override
  protected <K> HierarchicalRateLimiter<K> newLimiter(Levels levels) {
    HierarchicalRateLimiterBuilder b =
        HierarchicalRateLimiter.builder().perClient(array(levels.perClient())).ticker(ticker);
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
    ticker.advance(duration);
  }

  @Test
  void trackedKeysCountsTheKeysOfEveryClientLevel() {
    HierarchicalRateLimiter<Integer> limiter =
        HierarchicalRateLimiter.builder()
            .perClient(RateLimit.perSecond(2))
            .route("slow", RateLimit.perSecond(1))
            .ticker(ticker)
            .build();
    assertThat(limiter.tryAcquire("fast", 1, 2)).isTrue();
    assertThat(limiter.tryAcquire("fast", 1)).isFalse();
    assertThat(limiter.tryAcquire("slow", 1)).isTrue();
    assertThat(limiter.tryAcquireDecision("slow", 1, 1).level())
        .isEqualTo(HierarchicalRateLimiter.Level.ROUTE);
    assertThat(limiter.trackedKeys()).isEqualTo(2);
  }

  @Test
  void builderValidatesEagerly() {
    HierarchicalRateLimiterBuilder builder = HierarchicalRateLimiter.builder();
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("perClient limit is required");
    assertThatThrownBy(() -> builder.global())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("at least one limit is required");
    builder.global(RateLimit.perSecond(5));
    assertThatThrownBy(() -> builder.global(RateLimit.perSecond(6)))
        .isInstanceOf(IllegalStateException.class);
    builder.perClient(RateLimit.perSecond(1));
    assertThatThrownBy(() -> builder.perClient(RateLimit.perSecond(1)))
        .isInstanceOf(IllegalStateException.class);
    builder.route("chat", RateLimit.perSecond(1));
    assertThatThrownBy(() -> builder.route("chat", RateLimit.perSecond(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("route chat was already set");
    assertThatThrownBy(() -> builder.route(" ", RateLimit.perSecond(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("route must not be blank");
    assertThatThrownBy(() -> builder.maximumKeys(0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(builder.<String>build().name()).isEqualTo("hierarchical-rate-limiter");
  }
}
