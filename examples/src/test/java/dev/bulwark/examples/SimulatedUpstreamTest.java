package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualScheduler;
import dev.bulwark.core.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class SimulatedUpstreamTest {

  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);

  @Test
  void aSeededRandomDecidesExactlyWhichCallsFail() {
    // new Random(42).nextDouble(): 0.7276, 0.6832, 0.3087, 0.2771, 0.6655, 0.9034, 0.3688, 0.2757
    SimulatedUpstream upstream = new SimulatedUpstream(scheduler, new Random(42), new UpstreamSettings(0.5, 0));
    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(upstream.complete("q" + i));
    }
    scheduler.runDue();

    assertThat(calls).extracting(f -> f.isCompletedExceptionally() ? "fail" : "ok")
        .containsExactly("ok", "ok", "fail", "fail", "ok", "ok", "fail", "fail");
    assertThat(calls.get(2)).isCompletedExceptionally();
    assertThatThrownBy(() -> calls.get(2).get())
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(UpstreamException.class)
        .hasMessage("simulated upstream failure (call 3)");
    assertThat(calls.get(0).join()).isEqualTo("Simulated reply to: q0");
    assertThat(upstream.calls()).isEqualTo(8);
    assertThat(upstream.failures()).isEqualTo(4);
  }

  @Test
  void theFailureRateIsTheThresholdOfTheDraw() {
    SimulatedUpstream upstream = new SimulatedUpstream(scheduler, new Random(42), new UpstreamSettings(0.3, 0));
    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(upstream.complete("q"));
    }
    scheduler.runDue();

    assertThat(calls).extracting(f -> f.isCompletedExceptionally() ? "fail" : "ok")
        .containsExactly("ok", "ok", "ok", "fail", "ok", "ok", "ok", "fail");
  }

  @Test
  void zeroNeverFailsAndOneAlwaysFails() {
    SimulatedUpstream upstream = new SimulatedUpstream(scheduler, new Random(1), new UpstreamSettings(0.0, 0));
    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      calls.add(upstream.complete("q"));
    }
    upstream.configure(new UpstreamSettings(1.0, 0));
    for (int i = 0; i < 100; i++) {
      calls.add(upstream.complete("q"));
    }
    scheduler.runDue();

    assertThat(calls.subList(0, 100)).noneMatch(CompletableFuture::isCompletedExceptionally);
    assertThat(calls.subList(100, 200)).allMatch(CompletableFuture::isCompletedExceptionally);
    assertThat(upstream.failures()).isEqualTo(100);
  }

  @Test
  void everyCallTakesTheLatencyOnTheScheduler() {
    SimulatedUpstream upstream = new SimulatedUpstream(scheduler, new Random(1), new UpstreamSettings(0.0, 250));
    CompletableFuture<String> f = upstream.complete("hi");

    scheduler.advance(Duration.ofMillis(249));
    assertThat(f).isNotDone();
    scheduler.advance(Duration.ofMillis(1));

    assertThat(f).isCompletedWithValue("Simulated reply to: hi");
  }

  @Test
  void cancellingACallCancelsItsPendingCompletion() {
    SimulatedUpstream upstream = new SimulatedUpstream(scheduler, new Random(1), new UpstreamSettings(0.0, 250));
    CompletableFuture<String> f = upstream.complete("hi");
    assertThat(scheduler.pending()).isEqualTo(1);

    f.cancel(true);

    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void longPromptsAreQuotedShort() {
    SimulatedUpstream upstream = new SimulatedUpstream(scheduler, new Random(1), new UpstreamSettings(0.0, 0));
    CompletableFuture<String> f = upstream.complete("x".repeat(201));
    scheduler.runDue();

    assertThat(f.join()).isEqualTo("Simulated reply to: " + "x".repeat(200) + "...");
  }

  @Test
  void aShutDownSchedulerFailsTheCall() {
    SimulatedUpstream upstream = new SimulatedUpstream(scheduler, new Random(1), UpstreamSettings.DEFAULT);
    scheduler.shutdown();

    assertThatThrownBy(() -> upstream.complete("q").get())
        .cause()
        .isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void settingsAreValidatedAndUpdatedAsAWhole() {
    SimulatedUpstream upstream = new SimulatedUpstream(scheduler, new Random(1), UpstreamSettings.DEFAULT);

    assertThat(upstream.update(s -> s.withLatencyMs(7))).isEqualTo(new UpstreamSettings(0.0, 7));
    assertThat(upstream.settings()).isEqualTo(new UpstreamSettings(0.0, 7));
    assertThatThrownBy(() -> new UpstreamSettings(-0.1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failureRate must be in [0.0, 1.0] but was -0.1");
    assertThatThrownBy(() -> new UpstreamSettings(Double.NaN, 0))
        .hasMessage("failureRate must be in [0.0, 1.0] but was NaN");
    assertThatThrownBy(() -> new UpstreamSettings(0, 60_001))
        .hasMessage("latencyMs must be in [0, 60000] but was 60001");
    assertThatThrownBy(() -> upstream.update(s -> null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("the change returned null");
  }
}
