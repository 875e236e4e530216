package dev.bulwark.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.CheckedSupplier;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.core.Pipeline;
import dev.bulwark.core.Policy;
import dev.bulwark.core.RejectedException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Regression: with the recommended order {@code Pipeline.of(retry, breaker, limiter)}, a local
 * limiter's refusals were recorded as failures of the call, and five of them opened a 30 s breaker
 * on an upstream that never failed. A {@link RejectedException} from a policy inside the breaker is
 * now ignored by default ({@code recordRejections(true)} restores counting).
 */
class InnerRejectionTest {

  /** What a local rate limiter throws when it refuses. */
  static final class Refused extends RejectedException {
    private static final long serialVersionUID = 1L;

    Refused() {
      super("rate limit exceeded", "local-limiter", RejectedException.UNKNOWN);
    }
  }

  /** A limiter that refuses every call while {@code refusing} is set. */
  static final class Limiter implements Policy {
    boolean refusing = true;

    @Override
    public <T> T execute(CheckedSupplier<T> call, Next next) throws Exception {
      if (refusing) {
        throw new Refused();
      }
      return next.proceed(call);
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncNext next) {
      return refusing ? CompletableFuture.failedFuture(new Refused()) : next.proceed(call);
    }
  }

  private final ManualTicker ticker = new ManualTicker();
  private final Limiter limiter = new Limiter();

  private CircuitBreaker breaker(CircuitBreakerConfig.Builder config) {
    return CircuitBreaker.builder("upstream")
        .config(config.trip(TripStrategy.consecutiveFailures(5)).openDuration(Backoff.fixed(Duration.ofSeconds(30))).build())
        .ticker(ticker)
        .build();
  }

  @Test
  void aLocalLimitersRefusalsOpenedTheBreakerOfAHealthyUpstream() throws Exception {
    CircuitBreaker breaker = breaker(CircuitBreakerConfig.builder());
    Pipeline pipeline = Pipeline.of(breaker, limiter);
    AtomicInteger upstreamCalls = new AtomicInteger();

    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> pipeline.call(upstreamCalls::incrementAndGet)).isInstanceOf(Refused.class);
      CompletionStage<Integer> async = pipeline.callAsync(
          () -> CompletableFuture.completedFuture(upstreamCalls.incrementAndGet()));
      assertThatThrownBy(() -> async.toCompletableFuture().join()).isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(Refused.class);
    }

    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(upstreamCalls).hasValue(0);
    limiter.refusing = false;
    assertThat(pipeline.call(upstreamCalls::incrementAndGet)).isEqualTo(1);
  }

  @Test
  void recordRejectionsCountsThemAgain() {
    CircuitBreaker breaker = breaker(CircuitBreakerConfig.builder().recordRejections(true));
    Pipeline pipeline = Pipeline.of(breaker, limiter);

    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> pipeline.call(() -> 1)).isInstanceOf(Refused.class);
    }

    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(breaker.config().recordsRejections()).isTrue();
    assertThat(breaker.config().toString()).contains("recordRejections");
  }

  @Test
  void aTrialRejectedInsideTheBreakerFreesItsSlot() throws Exception {
    CircuitBreaker breaker = breaker(CircuitBreakerConfig.builder());
    limiter.refusing = false;
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> Pipeline.of(breaker, limiter).call(() -> {
        throw new IllegalStateException("upstream down");
      })).isInstanceOf(IllegalStateException.class);
    }
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    ticker.advance(Duration.ofSeconds(30));

    limiter.refusing = true;
    assertThatThrownBy(() -> Pipeline.of(breaker, limiter).call(() -> 1)).isInstanceOf(Refused.class);
    limiter.refusing = false;

    // The refused trial was forgotten: the single trial slot is free, and a success closes it.
    assertThat(Pipeline.of(breaker, limiter).call(() -> 1)).isEqualTo(1);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void theSettingIsMadeOnce() {
    assertThatThrownBy(() -> CircuitBreakerConfig.builder().recordRejections(false).recordRejections(true))
        .isInstanceOf(IllegalStateException.class).hasMessage("recordRejections was already set to false");
    assertThat(CircuitBreakerConfig.defaults().recordsRejections()).isFalse();
  }
}
