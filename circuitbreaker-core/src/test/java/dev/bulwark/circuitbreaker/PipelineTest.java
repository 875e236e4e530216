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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@code Pipeline.of(retry, breaker)}: each attempt passes the breaker; its rejection ends the retries. */
class PipelineTest {

  /** A minimal retry: up to {@code attempts} tries, never retrying a rejection. */
  static final class Retry implements Policy {
    private final int attempts;

    Retry(int attempts) {
      this.attempts = attempts;
    }

    @Override
    public <T> T execute(CheckedSupplier<T> call, Next next) throws Exception {
      for (int i = 1; ; i++) {
        try {
          return next.proceed(call);
        } catch (RejectedException e) {
          throw e;
        } catch (Exception e) {
          if (i == attempts) {
            throw e;
          }
        }
      }
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncNext next) {
      return attempt(call, next, 1);
    }

    private <T> CompletionStage<T> attempt(Supplier<? extends CompletionStage<T>> call, AsyncNext next, int i) {
      return next.proceed(call)
          .handle(
              (v, e) -> {
                if (e == null) {
                  return CompletableFuture.completedFuture(v);
                }
                Throwable cause = Classifier.unwrap(e);
                if (cause instanceof RejectedException || i == attempts) {
                  return CompletableFuture.<T>failedFuture(cause);
                }
                return attempt(call, next, i + 1);
              })
          .thenCompose(s -> s);
    }
  }

  private final ManualTicker ticker = new ManualTicker();
  private final CircuitBreaker breaker =
      CircuitBreaker.builder("p")
          .config(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(3)).openDuration(Backoff.fixed(Duration.ofSeconds(10))).build())
          .ticker(ticker)
          .build();
  private final Pipeline pipeline = Pipeline.of(new Retry(5), breaker);

  @Test
  void eachRetryAttemptPassesTheBreakerUntilItOpens() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                pipeline.call(
                    () -> {
                      calls.incrementAndGet();
                      throw new IllegalStateException("down");
                    }))
        .isInstanceOf(CircuitOpenException.class);
    assertThat(calls).hasValue(3);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void theAsyncPipelineBehavesTheSame() {
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<Object> result =
        pipeline
            .callAsync(
                () -> {
                  calls.incrementAndGet();
                  return CompletableFuture.failedFuture(new IllegalStateException("down"));
                })
            .toCompletableFuture();
    assertThat(result.handle((v, e) -> Classifier.unwrap(e)).join()).isInstanceOf(CircuitOpenException.class);
    assertThat(calls).hasValue(3);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void aRecoveringCallSucceedsWithinTheRetries() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    String result =
        pipeline.call(
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("flaky");
              }
              return "ok";
            });
    assertThat(result).isEqualTo("ok");
    assertThat(breaker.metrics().consecutiveFailures()).isZero();
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void runGuardsAnActionLikeCall() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    breaker.run(runs::incrementAndGet);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(
              () ->
                  breaker.run(
                      () -> {
                        throw new IllegalStateException("x");
                      }))
          .hasMessage("x");
    }
    assertThatThrownBy(() -> breaker.run(runs::incrementAndGet)).isInstanceOf(CircuitOpenException.class);
    assertThat(runs).hasValue(1);
    breaker.reset();
    pipeline.run(runs::incrementAndGet);
    assertThat(runs).hasValue(2);
  }
}
