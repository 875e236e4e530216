package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.bulwark.core.Pipeline;
import dev.bulwark.core.RejectedException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ConcurrencyLimiterTest {

  private final ConcurrencyLimiter limiter = ConcurrencyLimiter.builder(2).name("db").build();

  @Test
  void grantsUpToTheLimitThenRefuses() {
    ConcurrencyLimiter.Permit first = limiter.tryAcquire();
    ConcurrencyLimiter.Permit second = limiter.tryAcquire();
    ConcurrencyLimiter.Permit third = limiter.tryAcquire();
    assertThat(first.isAcquired()).isTrue();
    assertThat(second.isAcquired()).isTrue();
    assertThat(third.isAcquired()).isFalse();
    assertThat(limiter.inFlight()).isEqualTo(2);
    assertThat(limiter.limit()).isEqualTo(2);

    first.close();
    assertThat(limiter.inFlight()).isEqualTo(1);
    assertThat(limiter.tryAcquire().isAcquired()).isTrue();
    assertThat(limiter.tryAcquire().isAcquired()).isFalse();
  }

  @Test
  void aPermitIsReleasedOnceWhateverIsCalledAfterwards() {
    ConcurrencyLimiter.Permit permit = limiter.tryAcquire();
    ConcurrencyLimiter.Permit other = limiter.tryAcquire();
    permit.onSuccess();
    permit.close();
    permit.close();
    permit.onDropped();
    permit.onSuccess();
    assertThat(limiter.inFlight()).isEqualTo(1);
    other.close();
    assertThat(limiter.inFlight()).isZero();
    other.close();
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void closingARefusedPermitChangesNothing() {
    ConcurrencyLimiter.Permit a = limiter.tryAcquire();
    limiter.tryAcquire();
    ConcurrencyLimiter.Permit refused = limiter.tryAcquire();
    refused.close();
    refused.onSuccess();
    refused.onDropped();
    assertThat(limiter.inFlight()).isEqualTo(2);
    a.close();
    assertThat(limiter.inFlight()).isEqualTo(1);
    assertThat(limiter.tryAcquire().isAcquired()).isTrue();
    assertThat(limiter.tryAcquire()).isSameAs(refused); // refusals share one permit: no allocation
  }

  @Test
  void tryWithResourcesReleasesWhenTheGuardedCodeThrows() {
    assertThatThrownBy(
            () -> {
              try (ConcurrencyLimiter.Permit permit = limiter.tryAcquire()) {
                assertThat(permit.isAcquired()).isTrue();
                assertThat(limiter.inFlight()).isEqualTo(1);
                throw new IllegalStateException("boom");
              }
            })
        .hasMessage("boom");
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void asAPolicyHoldsAPermitForTheCallAndReleasesItAfterwards() throws Exception {
    Pipeline pipeline = Pipeline.of(limiter);
    assertThat(pipeline.call(limiter::inFlight)).isEqualTo(1);
    assertThat(limiter.inFlight()).isZero();

    assertThatThrownBy(
            () ->
                pipeline.call(
                    () -> {
                      throw new IOException("down");
                    }))
        .isInstanceOf(IOException.class);
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void asAPolicyRejectsWithATypedExceptionWhenFull() throws Exception {
    ConcurrencyLimiter.Permit held = limiter.tryAcquire();
    ConcurrencyLimiter.Permit alsoHeld = limiter.tryAcquire();
    Pipeline pipeline = Pipeline.of(limiter);
    Throwable thrown =
        catchThrowable(() -> pipeline.call(() -> "never"));
    assertThat(thrown).isInstanceOf(ConcurrencyLimitExceededException.class);
    ConcurrencyLimitExceededException rejected = (ConcurrencyLimitExceededException) thrown;
    assertThat(rejected.source()).isEqualTo("db");
    assertThat(rejected.limit()).isEqualTo(2);
    assertThat(rejected.retryAfterNanos()).isEqualTo(RejectedException.UNKNOWN);
    assertThat(rejected).hasMessage("concurrency limiter 'db' refused: 2 calls already in flight");
    assertThat(limiter.inFlight()).isEqualTo(2);
    held.close();
    alsoHeld.close();
  }

  @Test
  void asyncCallsHoldTheirPermitUntilTheStageCompletes() {
    Pipeline pipeline = Pipeline.of(limiter);
    CompletableFuture<String> pending = new CompletableFuture<>();
    CompletionStage<String> guarded = pipeline.callAsync(() -> pending);
    assertThat(limiter.inFlight()).isEqualTo(1);
    pending.complete("ok");
    assertThat(guarded.toCompletableFuture().join()).isEqualTo("ok");
    assertThat(limiter.inFlight()).isZero();

    CompletableFuture<String> failing = new CompletableFuture<>();
    CompletionStage<String> failed = pipeline.callAsync(() -> failing);
    failing.completeExceptionally(new IOException("down"));
    assertThat(failed.toCompletableFuture()).isCompletedExceptionally();
    assertThat(limiter.inFlight()).isZero();

    ConcurrencyLimiter.Permit a = limiter.tryAcquire();
    ConcurrencyLimiter.Permit b = limiter.tryAcquire();
    CompletionStage<String> rejected = pipeline.callAsync(() -> CompletableFuture.completedFuture("x"));
    assertThat(rejected.toCompletableFuture())
        .failsWithin(Duration.ZERO)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(ConcurrencyLimitExceededException.class);
    a.close();
    b.close();
    assertThat(limiter.inFlight()).isZero();
  }

  @Test
  void builderValidatesEagerly() {
    assertThatThrownBy(() -> ConcurrencyLimiter.builder(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxInFlight must be >= 1 but was 0");
    ConcurrencyLimiterBuilder builder = ConcurrencyLimiter.builder(1).name("x");
    assertThatThrownBy(() -> builder.name("y"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("name was already set to x");
    assertThat(ConcurrencyLimiter.builder(3).build().name()).isEqualTo("concurrency-limiter");
  }
}
