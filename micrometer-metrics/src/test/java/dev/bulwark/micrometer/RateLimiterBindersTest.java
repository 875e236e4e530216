package dev.bulwark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.testlog.LogCapture;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact meter values of the rate-limiter binders after scripted decisions on a manual clock. */
class RateLimiterBindersTest {

  private final ManualTicker ticker = new ManualTicker();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void aLimiterCountsDecisionsByResultFromTheMomentItIsBuilt() {
    RateLimiter limiter = RateLimiter.builder(RateLimit.perSecond(2)).name("search").ticker(ticker).recordStats().build();
    limiter.tryAcquire(); // before binding: counted, the statistics start with the limiter
    RateLimiterBinder.of(limiter).bindTo(registry);
    limiter.tryAcquire();
    limiter.tryAcquire();
    limiter.tryAcquire();
    ticker.advance(Duration.ofSeconds(1));
    limiter.tryAcquireDecision(2);

    assertThat(MeterLines.render(registry))
        .containsExactly(
            "bulwark.ratelimit.decisions{name=search,result=permitted} 3.0",
            "bulwark.ratelimit.decisions{name=search,result=rejected} 2.0");
  }

  @Test
  void aLimiterBuiltWithoutStatsGetsNoDecisionCountersAndAWarning() {
    RateLimiter limiter = RateLimiter.builder(RateLimit.perSecond(2)).name("plain").ticker(ticker).build();
    assertThat(limiter.stats()).isEmpty();
    try (LogCapture logs = LogCapture.start()) {
      RateLimiterBinder.of(limiter).bindTo(registry);
      assertThat(logs.lines("dev.bulwark.micrometer"))
          .containsExactly("WARN event=configuration_warning name=plain warning=decisions_not_counted");
    }
    assertThat(MeterLines.render(registry)).isEmpty();
  }

  @Test
  void extraTagsGoOnEveryMeterAndBindingTwiceChangesNothing() {
    RateLimiter limiter = RateLimiter.builder(RateLimit.perSecond(1)).name("api").ticker(ticker).recordStats().build();
    RateLimiterBinder binder = RateLimiterBinder.of(limiter).withTags(Tags.of("service", "gateway"));
    binder.bindTo(registry);
    binder.bindTo(registry);
    limiter.tryAcquire();
    assertThat(MeterLines.render(registry))
        .containsExactly(
            "bulwark.ratelimit.decisions{name=api,result=permitted,service=gateway} 1.0",
            "bulwark.ratelimit.decisions{name=api,result=rejected,service=gateway} 0.0");
  }

  @Test
  void aKeyedLimiterCountsDecisionsOverAllKeysAndReportsItsKeys() {
    KeyedRateLimiter<String> limiter =
        KeyedRateLimiter.builder(RateLimit.perSecond(1)).name("per-ip").ticker(ticker).recordStats().build();
    KeyedRateLimiterBinder.of(limiter).bindTo(registry);
    limiter.tryAcquire("10.0.0.1");
    limiter.tryAcquire("10.0.0.1");
    limiter.tryAcquire("10.0.0.2");
    assertThat(MeterLines.render(registry))
        .containsExactly(
            "bulwark.ratelimit.decisions{name=per-ip,result=permitted} 2.0",
            "bulwark.ratelimit.decisions{name=per-ip,result=rejected} 1.0",
            "bulwark.ratelimit.keys{name=per-ip} 2.0");
  }

  @Test
  void aHierarchicalLimiterCountsEachRequestOnceAndReportsItsKeys() {
    HierarchicalRateLimiter<String> limiter =
        HierarchicalRateLimiter.builder()
            .name("api")
            .global(RateLimit.perSecond(2))
            .perClient(RateLimit.perSecond(5))
            .route("chat", RateLimit.perSecond(1))
            .ticker(ticker)
            .recordStats()
            .build();
    HierarchicalRateLimiterBinder.of(limiter).bindTo(registry);
    limiter.tryAcquire("chat", "a");
    limiter.tryAcquire("chat", "a"); // the route refuses
    limiter.tryAcquire("search", "b");
    limiter.tryAcquire("search", "c"); // the global limit refuses
    assertThat(MeterLines.render(registry))
        .containsExactly(
            "bulwark.ratelimit.decisions{name=api,result=permitted} 2.0",
            "bulwark.ratelimit.decisions{name=api,result=rejected} 2.0",
            "bulwark.ratelimit.keys{name=api} 3.0");
  }

  @Test
  void aKeyedLimiterThatCannotCountGetsNoDecisionCountersAndAConfigurationWarning() {
    KeyedRateLimiter<String> remote = new RemoteLike();
    try (LogCapture logs = LogCapture.start()) {
      KeyedRateLimiterBinder.of(remote).bindTo(registry);
      assertThat(logs.lines("dev.bulwark.micrometer"))
          .containsExactly("WARN event=configuration_warning name=remote warning=decisions_not_counted");
    }
    assertThat(registry.getMeters()).isEmpty(); // trackedKeys() is -1: no keys gauge either
  }

  @Test
  void aHierarchyThatKeepsItsKeysElsewhereGetsNoKeysGauge() {
    HierarchicalRateLimiter<String> remote = new HierarchicalRateLimiter<>() {
      @Override
      public boolean tryAcquire(String route, String client) {
        return true;
      }

      @Override
      public boolean tryAcquire(String route, String client, int permits) {
        return true;
      }

      @Override
      public Decision tryAcquireDecision(String route, String client, int permits) {
        throw new UnsupportedOperationException();
      }

      @Override
      public long trackedKeys() {
        return -1; // as the demo's Redis-backed hierarchy reports
      }

      @Override
      public String name() {
        return "gateway";
      }
    };
    try (LogCapture logs = LogCapture.start()) {
      HierarchicalRateLimiterBinder.of(remote).bindTo(registry);
    }
    assertThat(registry.find("bulwark.ratelimit.keys").meters()).isEmpty();
  }

  @Test
  void bindersRejectNulls() {
    RateLimiter limiter = RateLimiter.builder(RateLimit.perSecond(1)).build();
    assertThatThrownBy(() -> RateLimiterBinder.of(null)).hasMessage("limiter");
    assertThatThrownBy(() -> RateLimiterBinder.of(limiter).withTags(null)).hasMessage("tags");
    assertThatThrownBy(() -> RateLimiterBinder.of(limiter).bindTo(null)).hasMessage("registry");
  }

  /** A keyed limiter that keeps its state elsewhere and counts nothing, as a remote one might. */
  private static final class RemoteLike implements KeyedRateLimiter<String> {
    @Override
    public boolean tryAcquire(String key) {
      return true;
    }

    @Override
    public boolean tryAcquire(String key, int permits) {
      return true;
    }

    @Override
    public RateLimitDecision tryAcquireDecision(String key, int permits) {
      throw new UnsupportedOperationException();
    }

    @Override
    public RateLimitDecision peek(String key, int permits) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<RateLimit> limits() {
      return List.of(RateLimit.perSecond(1));
    }

    @Override
    public String name() {
      return "remote";
    }
  }
}
