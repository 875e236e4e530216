package dev.bulwark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.ConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** In-flight and limit gauges read the limiters as they are now. */
class ConcurrencyBindersTest {

  private final ManualTicker ticker = new ManualTicker();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void aFixedLimiterReportsItsPermitsInFlightAndItsLimit() {
    ConcurrencyLimiter limiter = ConcurrencyLimiter.builder(10).name("db").build();
    ConcurrencyLimiterBinder.of(limiter).bindTo(registry);
    ConcurrencyLimiter.Permit a = limiter.tryAcquire();
    limiter.tryAcquire();
    limiter.tryAcquire().close();
    assertThat(MeterLines.render(registry))
        .containsExactly("bulwark.concurrency.inflight{name=db} 2.0", "bulwark.concurrency.limit{name=db} 10.0");
    a.close();
    assertThat(MeterLines.render(registry, "bulwark.concurrency.inflight"))
        .containsExactly("bulwark.concurrency.inflight{name=db} 1.0");
  }

  @Test
  void anAdaptiveLimiterReportsItsLimitAsItAdapts() {
    ConcurrencyLimiter limiter =
        ConcurrencyLimiter.adaptive(Duration.ofMillis(100))
            .name("llm")
            .ticker(ticker)
            .initialLimit(8)
            .backoffRatio(0.5)
            .build();
    ConcurrencyLimiterBinder.of(limiter).bindTo(registry);
    ConcurrencyLimiter.Permit slow = limiter.tryAcquire();
    ConcurrencyLimiter.Permit held = limiter.tryAcquire();
    ticker.advance(Duration.ofMillis(150));
    slow.onSuccess(); // slow: 8 -> 4
    assertThat(MeterLines.render(registry))
        .containsExactly("bulwark.concurrency.inflight{name=llm} 1.0", "bulwark.concurrency.limit{name=llm} 4.0");
    held.onDropped(); // 4 -> 2
    assertThat(MeterLines.render(registry))
        .containsExactly("bulwark.concurrency.inflight{name=llm} 0.0", "bulwark.concurrency.limit{name=llm} 2.0");
  }

  @Test
  void aKeyedLimiterReportsItsTotalInFlightAndItsTotalMaximum() {
    KeyedConcurrencyLimiter<String> limiter = KeyedConcurrencyLimiter.builder(2, 5).name("per-client").build();
    KeyedConcurrencyLimiterBinder.of(limiter).bindTo(registry);
    limiter.tryAcquire("a");
    limiter.tryAcquire("a");
    limiter.tryAcquire("a"); // refused: per-key maximum
    limiter.tryAcquire("b");
    assertThat(MeterLines.render(registry))
        .containsExactly(
            "bulwark.concurrency.inflight{name=per-client} 3.0", "bulwark.concurrency.limit{name=per-client} 5.0");
  }
}
