package dev.bulwark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.CircuitOpenException;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.ManualScheduler;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.retry.Hedge;
import dev.bulwark.retry.HedgeDelay;
import dev.bulwark.retry.Retry;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link ResilienceObservations} through Micrometer's {@link TestObservationRegistry}. */
class ResilienceObservationsTest {

  private final TestObservationRegistry registry = TestObservationRegistry.create();
  private final StoppedObservations stopped = StoppedObservations.on(registry);
  private final ResilienceObservations tracing = ResilienceObservations.of(registry);
  private final ManualTicker ticker = new ManualTicker();

  @Test
  void retryAttemptsAreObservedWithTheirNumberAndFailure() throws Exception {
    Retry retry = Retry.builder().name("payments").maxAttempts(3).sleeper(ticker.sleeper())
        .listener(tracing.retryListener()).build();
    AtomicInteger calls = new AtomicInteger();
    IOException failure = new IOException("down");
    String result = retry.call(() -> {
      if (calls.incrementAndGet() < 3) {
        throw failure;
      }
      return "ok";
    });
    assertThat(result).isEqualTo("ok");

    List<Observation.Context> failed = stopped.named("bulwark.retry.attempt_failed");
    assertThat(failed).hasSize(2);
    assertThat(failed.get(0).getLowCardinalityKeyValues()).containsExactlyInAnyOrder(
        KeyValue.of(ResilienceObservations.PRIMITIVE, "payments"),
        KeyValue.of(ResilienceObservations.EVENT, "attempt_failed"),
        KeyValue.of(ResilienceObservations.OUTCOME, "retry"));
    assertThat(failed).extracting(c -> c.getHighCardinalityKeyValue(ResilienceObservations.ATTEMPT).getValue())
        .containsExactly("1", "2");
    assertThat(failed).extracting(Observation.Context::getError).containsExactly(failure, failure);
    List<Observation.Context> succeeded = stopped.named("bulwark.retry.succeeded_after_retries");
    assertThat(succeeded).hasSize(1);
    assertThat(succeeded.get(0).getLowCardinalityKeyValue(ResilienceObservations.OUTCOME).getValue())
        .isEqualTo("success");
    assertThat(succeeded.get(0).getError()).isNull();
  }

  @Test
  void anExhaustedRetryIsAFailure() {
    Retry retry = Retry.builder().name("payments").maxAttempts(2).sleeper(ticker.sleeper())
        .listener(tracing.retryListener()).build();
    assertThatThrownBy(() -> retry.call(() -> {
      throw new IOException("down");
    })).isInstanceOf(IOException.class);
    List<Observation.Context> exhausted = stopped.named("bulwark.retry.exhausted");
    assertThat(exhausted).hasSize(1);
    assertThat(exhausted.get(0).getLowCardinalityKeyValue(ResilienceObservations.OUTCOME).getValue())
        .isEqualTo("failure");
    assertThat(exhausted.get(0).getHighCardinalityKeyValue(ResilienceObservations.ATTEMPT).getValue())
        .isEqualTo("2");
    assertThat(exhausted.get(0).getError()).isInstanceOf(IOException.class);
  }

  @Test
  void breakerTransitionsAndRejectionsCarryTheState() {
    CircuitBreaker breaker = CircuitBreaker.builder("inventory")
        .config(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(2)).build())
        .ticker(ticker).listener(tracing.breakerListener()).build();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> breaker.call(() -> {
        throw new IOException("down");
      })).isInstanceOf(IOException.class);
    }
    assertThatThrownBy(() -> breaker.call(() -> "never")).isInstanceOf(CircuitOpenException.class);

    List<Observation.Context> transitions = stopped.named("bulwark.breaker.state_transition");
    assertThat(transitions).hasSize(1);
    assertThat(transitions.get(0).getLowCardinalityKeyValues()).containsExactlyInAnyOrder(
        KeyValue.of(ResilienceObservations.PRIMITIVE, "inventory"),
        KeyValue.of(ResilienceObservations.EVENT, "state_transition"),
        KeyValue.of(ResilienceObservations.OUTCOME, "transition"),
        KeyValue.of(ResilienceObservations.STATE, "open"),
        KeyValue.of(ResilienceObservations.FROM_STATE, "closed"));
    List<Observation.Context> rejected = stopped.named("bulwark.breaker.call_rejected");
    assertThat(rejected).hasSize(1);
    assertThat(rejected.get(0).getLowCardinalityKeyValue(ResilienceObservations.STATE).getValue())
        .isEqualTo("open");
    // permitted, succeeded and failed calls are counted by the binder, not observed
    assertThat(stopped.all()).hasSize(2);
  }

  @Test
  void limiterDecisionsAreObservedWithoutTheKey() {
    RateLimiter limiter = RateLimiter.builder(RateLimit.perSecond(1).withBurst(1)).name("search")
        .ticker(ticker).listener(tracing.limiterListener()).build();
    assertThat(limiter.tryAcquire()).isTrue();
    assertThat(limiter.tryAcquire()).isFalse();
    List<Observation.Context> decisions = stopped.named("bulwark.limiter.decision");
    assertThat(decisions).extracting(c -> c.getLowCardinalityKeyValue(ResilienceObservations.OUTCOME).getValue())
        .containsExactly("permitted", "rejected");
    assertThat(decisions.get(0).getLowCardinalityKeyValues()).hasSize(3);
    assertThat(decisions.get(0).getHighCardinalityKeyValues()).isEmpty();
  }

  @Test
  void hedgesAreObservedWithTheAttemptNumber() {
    ManualScheduler scheduler = new ManualScheduler(ticker);
    Hedge hedge = Hedge.builder().name("search").delay(HedgeDelay.fixed(Duration.ofMillis(100)))
        .ticker(ticker).scheduler(scheduler).listener(tracing.hedgeListener()).build();
    List<CompletableFuture<String>> attempts = new ArrayList<>();
    CompletionStage<String> hedged = hedge.callAsync(() -> {
      CompletableFuture<String> attempt = new CompletableFuture<>();
      attempts.add(attempt);
      return attempt;
    });
    scheduler.advance(Duration.ofMillis(100));
    assertThat(attempts).hasSize(2);
    attempts.get(1).complete("hedge");
    assertThat(hedged.toCompletableFuture().join()).isEqualTo("hedge");

    List<Observation.Context> started = stopped.named("bulwark.hedge.started");
    assertThat(started).hasSize(1);
    assertThat(started.get(0).getLowCardinalityKeyValue(ResilienceObservations.OUTCOME).getValue())
        .isEqualTo("hedged");
    assertThat(started.get(0).getHighCardinalityKeyValue(ResilienceObservations.ATTEMPT).getValue())
        .isEqualTo("2");
    List<Observation.Context> won = stopped.named("bulwark.hedge.won");
    assertThat(won).hasSize(1);
    assertThat(won.get(0).getHighCardinalityKeyValue(ResilienceObservations.ATTEMPT).getValue()).isEqualTo("2");
  }
}
