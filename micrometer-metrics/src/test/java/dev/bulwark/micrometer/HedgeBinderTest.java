package dev.bulwark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualScheduler;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.retry.Hedge;
import dev.bulwark.retry.HedgeDelay;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/** Exact hedge meters after scripted async calls on a manual clock. */
class HedgeBinderTest {

  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void callsAreCountedByResultWithTheirHedges() {
    Hedge hedge =
        Hedge.builder()
            .name("search")
            .delay(HedgeDelay.fixed(Duration.ofMillis(100)))
            .ticker(ticker)
            .scheduler(scheduler)
            .recordStats()
            .build();
    HedgeBinder.of(hedge).bindTo(registry);
    hedge.callAsync(() -> CompletableFuture.completedFuture("fast"));
    hedge.callAsync(() -> CompletableFuture.failedFuture(new IOException("fast failure")));
    List<CompletableFuture<String>> attempts = new ArrayList<>();
    CompletionStage<String> hedged =
        hedge.callAsync(
            () -> {
              CompletableFuture<String> attempt = new CompletableFuture<>();
              attempts.add(attempt);
              return attempt;
            });
    scheduler.advance(Duration.ofMillis(100));
    assertThat(attempts).hasSize(2);
    attempts.get(0).complete("slow primary");
    assertThat(hedged.toCompletableFuture().join()).isEqualTo("slow primary");
    assertThat(attempts.get(1)).isCancelled();

    assertThat(MeterLines.render(registry))
        .containsExactly(
            "bulwark.hedge.attempts{name=search} 1.0",
            "bulwark.hedge.budget.refusals{name=search} 0.0",
            "bulwark.hedge.calls{name=search,result=all_failed} 0.0",
            "bulwark.hedge.calls{name=search,result=failure} 1.0",
            "bulwark.hedge.calls{name=search,result=hedge_won} 0.0",
            "bulwark.hedge.calls{name=search,result=primary_won} 1.0",
            "bulwark.hedge.calls{name=search,result=success} 1.0");
  }

  @Test
  void aHedgeWithoutStatisticsCannotBeBound() {
    Hedge plain = Hedge.builder().name("plain").delay(HedgeDelay.fixed(Duration.ofMillis(1))).build();
    assertThatThrownBy(() -> HedgeBinder.of(plain))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hedge 'plain' keeps no statistics: build it with recordStats() to bind its meters");
  }
}
