package dev.bulwark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.retry.Retry;
import dev.bulwark.retry.RetryBudget;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Exact retry meters after scripted calls on a manual clock. */
class RetryBinderTest {

  private final ManualTicker ticker = new ManualTicker();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void callsAreCountedByResultWithTheirAttempts() throws Exception {
    Retry retry =
        Retry.builder()
            .name("payments")
            .maxAttempts(3)
            .backoff(Backoff.fixed(Duration.ofMillis(10)))
            .abortOn(e -> e instanceof IllegalArgumentException)
            .budget(RetryBudget.tokenBucket(10, 1.0))
            .ticker(ticker)
            .sleeper(ticker.sleeper())
            .recordStats()
            .build();
    RetryBinder.of(retry).bindTo(registry);
    retry.call(() -> "ok");
    retry.call(failingTimes(1));
    assertThatThrownBy(() -> retry.call(failingTimes(5))).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> retry.call(() -> { throw new IllegalArgumentException("bad"); }))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> retry.call(() -> { throw new IllegalStateException("bug"); }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(MeterLines.render(registry))
        .containsExactly(
            "bulwark.retry.attempts{name=payments} 8.0",
            "bulwark.retry.calls{name=payments,result=aborted} 1.0",
            "bulwark.retry.calls{name=payments,result=budget_exhausted} 0.0",
            "bulwark.retry.calls{name=payments,result=exhausted} 1.0",
            "bulwark.retry.calls{name=payments,result=failed} 1.0",
            "bulwark.retry.calls{name=payments,result=success_after_retry} 1.0",
            "bulwark.retry.calls{name=payments,result=success} 1.0");
  }

  @Test
  void aSpentBudgetShowsAsBudgetExhausted() {
    Retry retry =
        Retry.builder()
            .name("budgeted")
            .budget(RetryBudget.tokenBucket(2, 1.0)) // one failure leaves 1 token: no retry
            .ticker(ticker)
            .sleeper(ticker.sleeper())
            .recordStats()
            .build();
    RetryBinder.of(retry).bindTo(registry);
    assertThatThrownBy(() -> retry.call(failingTimes(1))).isInstanceOf(IOException.class);
    assertThat(MeterLines.render(registry, "bulwark.retry.calls"))
        .contains("bulwark.retry.calls{name=budgeted,result=budget_exhausted} 1.0");
    assertThat(MeterLines.render(registry, "bulwark.retry.attempts"))
        .containsExactly("bulwark.retry.attempts{name=budgeted} 1.0");
  }

  /** A call that throws an IOException {@code n} times, then returns "ok". */
  private static dev.bulwark.core.CheckedSupplier<String> failingTimes(int n) {
    AtomicInteger calls = new AtomicInteger();
    return () -> {
      if (calls.getAndIncrement() < n) {
        throw new IOException("down");
      }
      return "ok";
    };
  }

  @Test
  void aRetryWithoutStatsIsRefused() {
    Retry plain = Retry.builder().name("plain").build();
    assertThatThrownBy(() -> RetryBinder.of(plain))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'plain' keeps no statistics");
  }
}
