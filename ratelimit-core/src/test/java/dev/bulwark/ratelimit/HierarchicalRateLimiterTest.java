package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.HierarchicalRateLimiter.Decision;
import dev.bulwark.ratelimit.HierarchicalRateLimiter.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HierarchicalRateLimiterTest {

  private static final long MS = 1_000_000L;

  private final ManualTicker ticker = new ManualTicker(123_456_789L);

  /** The example: 1000/min global, 100/min per client with burst 10, four route overrides. */
  private HierarchicalRateLimiter<String> api() {
    return HierarchicalRateLimiter.builder()
        .name("api")
        .global(RateLimit.perMinute(1000))
        .perClient(RateLimit.perMinute(100).withBurst(10))
        .route("chat", RateLimit.perMinute(20))
        .route("auth", RateLimit.of(5, Duration.ofMinutes(15)))
        .route("upload", RateLimit.perMinute(5))
        .route("search", RateLimit.perMinute(30))
        .ticker(ticker)
        .build();
  }

  @Test
  void routesWithoutOverrideShareTheDefaultPerClientLimit() {
    HierarchicalRateLimiter<String> limiter = api();
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire("home", "10.0.0.1")).isTrue();
      assertThat(limiter.tryAcquire("profile", "10.0.0.1")).isTrue();
    }
    Decision refused = limiter.tryAcquireDecision("home", "10.0.0.1", 1);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.level()).isEqualTo(Level.CLIENT);
    assertThat(refused.decision().retryAfterNanos()).isEqualTo(600 * MS);
    assertThat(refused.decision().limit()).isEqualTo(RateLimit.perMinute(100).withBurst(10));
    assertThat(limiter.tryAcquire("home", "10.0.0.2")).isTrue();

    ticker.advanceNanos(600 * MS);
    assertThat(limiter.tryAcquire("profile", "10.0.0.1")).isTrue();
    assertThat(limiter.tryAcquire("home", "10.0.0.1")).isFalse();
  }

  @Test
  void routeOverridesCountPerRouteAndClientInsteadOfTheDefault() {
    HierarchicalRateLimiter<String> limiter = api();
    for (int i = 0; i < 20; i++) {
      assertThat(limiter.tryAcquire("chat", "a")).isTrue();
    }
    Decision chat = limiter.tryAcquireDecision("chat", "a", 1);
    assertThat(chat.level()).isEqualTo(Level.ROUTE);
    assertThat(chat.decision().retryAfterNanos()).isEqualTo(3_000 * MS);
    // the chat quota is per (route, client): another client, and another route of "a", are untouched
    assertThat(limiter.tryAcquire("chat", "b", 20)).isTrue();
    assertThat(limiter.tryAcquire("search", "a", 30)).isTrue();
    assertThat(limiter.tryAcquire("search", "a")).isFalse();
    assertThat(limiter.tryAcquire("upload", "a", 5)).isTrue();
    assertThat(limiter.tryAcquire("upload", "a")).isFalse();
    // the override replaced the default: "a" still has its whole default burst
    assertThat(limiter.tryAcquire("home", "a", 10)).isTrue();
    assertThat(limiter.tryAcquire("home", "a")).isFalse();
  }

  @Test
  void authAllowsFivePerFifteenMinutes() {
    HierarchicalRateLimiter<String> limiter = api();
    assertThat(limiter.tryAcquire("auth", "a", 5)).isTrue();
    Decision refused = limiter.tryAcquireDecision("auth", "a", 1);
    assertThat(refused.level()).isEqualTo(Level.ROUTE);
    assertThat(refused.decision().retryAfter()).isEqualTo(Duration.ofMinutes(3));
    assertThat(refused.decision().resetAfterNanos()).isEqualTo(Duration.ofMinutes(15).toNanos());
    ticker.advance(Duration.ofMinutes(3).minusNanos(1));
    assertThat(limiter.tryAcquire("auth", "a")).isFalse();
    ticker.advanceNanos(1);
    assertThat(limiter.tryAcquire("auth", "a")).isTrue();
  }

  @Test
  void whenTheClientAllowsAndTheGlobalRefusesTheClientPermitIsGivenBack() {
    HierarchicalRateLimiter<String> limiter = api();
    for (int client = 0; client < 100; client++) {
      assertThat(limiter.tryAcquire("home", "c" + client, 10)).isTrue();
    }
    // the global burst of 1000 is spent; "x" is refused by the global level, ten times
    for (int i = 0; i < 10; i++) {
      Decision refused = limiter.tryAcquireDecision("home", "x", 1);
      assertThat(refused.allowed()).isFalse();
      assertThat(refused.level()).isEqualTo(Level.GLOBAL);
      assertThat(refused.decision().retryAfterNanos()).isEqualTo(60 * MS);
      assertThat(refused.decision().limit()).isEqualTo(RateLimit.perMinute(1000));
    }
    assertThat(limiter.tryAcquire("home", "x")).isFalse();

    // 600 ms later the global level has refilled 10 permits and the client level 1. Had the refused
    // requests kept their client permits, "x" would now have exactly 1; it has its full 10.
    ticker.advanceNanos(600 * MS);
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.tryAcquire("home", "x")).as("request %d", i).isTrue();
    }
    Decision next = limiter.tryAcquireDecision("home", "x", 1);
    assertThat(next.level()).isEqualTo(Level.CLIENT);
  }

  @Test
  void aClientRefusedByItsOwnLimitConsumesNoGlobalCapacity() {
    HierarchicalRateLimiter<String> limiter =
        HierarchicalRateLimiter.builder()
            .global(RateLimit.perMinute(15))
            .perClient(RateLimit.perMinute(10))
            .ticker(ticker)
            .build();
    assertThat(limiter.tryAcquire("any", "a", 10)).isTrue();
    for (int i = 0; i < 20; i++) {
      assertThat(limiter.tryAcquire("any", "a")).isFalse();
    }
    assertThat(limiter.tryAcquire("any", "b", 4)).isTrue();
    Decision last = limiter.tryAcquireDecision("any", "b", 1);
    assertThat(last.allowed()).isTrue();
    assertThat(last.level()).isEqualTo(Level.GLOBAL); // the level with the fewest remaining
    assertThat(last.decision().remaining()).isZero();
    Decision refused = limiter.tryAcquireDecision("any", "b", 1);
    assertThat(refused.level()).isEqualTo(Level.GLOBAL);
    assertThat(refused.decision().retryAfterNanos()).isEqualTo(4_000 * MS);
  }

  @Test
  void allowedDecisionDescribesTheClientLevelWhenItHasFewerRemaining() {
    HierarchicalRateLimiter<String> limiter = api();
    Decision first = limiter.tryAcquireDecision("chat", "a", 3);
    assertThat(first.allowed()).isTrue();
    assertThat(first.level()).isEqualTo(Level.ROUTE);
    assertThat(first.decision().remaining()).isEqualTo(17);
    assertThat(first.decision().resetAfterNanos()).isEqualTo(9_000 * MS);
  }

  @Test
  void withoutAGlobalLimitOnlyClientLevelsApply() {
    HierarchicalRateLimiter<Integer> limiter =
        HierarchicalRateLimiter.builder()
            .perClient(RateLimit.perSecond(2))
            .route("slow", RateLimit.perSecond(1))
            .ticker(ticker)
            .build();
    assertThat(limiter.tryAcquire("fast", 1, 2)).isTrue();
    assertThat(limiter.tryAcquire("fast", 1)).isFalse();
    assertThat(limiter.tryAcquire("slow", 1)).isTrue();
    assertThat(limiter.tryAcquireDecision("slow", 1, 1).level()).isEqualTo(Level.ROUTE);
    assertThat(limiter.trackedKeys()).isEqualTo(2);
  }

  @Test
  void permitsAboveABurstAreRefusedAtOnce() {
    HierarchicalRateLimiter<String> limiter = api();
    Decision tooMany = limiter.tryAcquireDecision("upload", "a", 6);
    assertThat(tooMany.level()).isEqualTo(Level.ROUTE);
    assertThat(tooMany.decision().retryAfterNanos()).isEqualTo(Long.MAX_VALUE);
    assertThat(limiter.tryAcquire("upload", "a", 5)).isTrue();
  }

  @Test
  void listenersNameTheDecidingLevelAndCarryTheClient() {
    List<RateLimiterEvent> events = new ArrayList<>();
    RateLimiterListener recorder =
        events::add;
    HierarchicalRateLimiter<String> limiter =
        HierarchicalRateLimiter.builder()
            .name("api")
            .global(RateLimit.perSecond(2))
            .perClient(RateLimit.perSecond(1))
            .route("chat", RateLimit.perSecond(1))
            .ticker(ticker)
            .listener(recorder)
            .build();
    limiter.tryAcquire("home", "a");
    limiter.tryAcquire("home", "a");
    limiter.tryAcquire("chat", "a");
    limiter.tryAcquireDecision("chat", "b", 1);
    assertThat(events)
        .containsExactly(
            new RateLimiterEvent.Permitted("api.client", "a", 1),
            new RateLimiterEvent.Rejected("api.client", "a", 1, 1_000 * MS),
            new RateLimiterEvent.Permitted("api.route.chat", "a", 1),
            new RateLimiterEvent.Rejected("api.global", "b", 1, 500 * MS));
  }

  @Test
  void rejectsNullsAndBadPermits() {
    HierarchicalRateLimiter<String> limiter = api();
    assertThatThrownBy(() -> limiter.tryAcquire(null, "a"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("route");
    assertThatThrownBy(() -> limiter.tryAcquire("home", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("client");
    assertThatThrownBy(() -> limiter.tryAcquireDecision("home", "a", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("permits must be >= 1 but was 0");
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
