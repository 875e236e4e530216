package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.testalloc.Allocations;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FallbackTest {

  /** A rejection as a limiter or breaker would throw. */
  static final class Rejected extends RejectedException {
    private static final long serialVersionUID = 1L;

    Rejected() {
      super("limit exhausted", "limiter", UNKNOWN);
    }
  }

  /** Runs a call through the fallback sync, or async as a completed or a pending stage. */
  enum Mode {
    SYNC,
    ASYNC_DONE,
    ASYNC_PENDING;

    <R> R call(Fallback<R> fallback, CheckedSupplier<R> call) throws Exception {
      return call(fallback, call, s -> fallback.callAsync(s));
    }

    <R> R call(Pipeline pipeline, CheckedSupplier<R> call) throws Exception {
      if (this == SYNC) {
        return pipeline.call(call);
      }
      return call(null, call, s -> pipeline.callAsync(s));
    }

    private <R> R call(
        Fallback<R> fallback,
        CheckedSupplier<R> call,
        java.util.function.Function<Supplier<CompletionStage<R>>, CompletionStage<R>> async)
        throws Exception {
      if (this == SYNC) {
        return fallback.call(call);
      }
      List<CompletableFuture<R>> pending = new ArrayList<>();
      CompletionStage<R> stage =
          async.apply(
              () -> {
                CompletableFuture<R> outcome = new CompletableFuture<>();
                if (this == ASYNC_DONE) {
                  complete(outcome, call);
                } else {
                  pending.add(outcome); // completed below, after the stage was returned
                }
                return outcome;
              });
      for (int i = 0; i < pending.size(); i++) {
        complete(pending.get(i), call); // may start another attempt, appended to the list
      }
      try {
        return stage.toCompletableFuture().join();
      } catch (CompletionException e) {
        throw (Exception) e.getCause();
      }
    }

    private static <R> void complete(CompletableFuture<R> future, CheckedSupplier<R> call) {
      try {
        future.complete(call.get());
      } catch (Exception e) {
        future.completeExceptionally(e);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aResultPassesThroughAndAFailureBecomesTheValue(Mode mode) throws Exception {
    Fallback<String> fallback = Fallback.of("cached");
    assertThat(mode.call(fallback, () -> "fresh")).isEqualTo("fresh");
    assertThat(mode.call(fallback, () -> { throw new IOException("down"); })).isEqualTo("cached");
    assertThat(mode.call(fallback, () -> { throw new Rejected(); })).isEqualTo("cached");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void theFunctionSeesTheFailure(Mode mode) throws Exception {
    Fallback<String> fallback =
        Fallback.<String>builder().function(e -> "because " + e.getMessage()).build();
    assertThat(mode.call(fallback, () -> { throw new IOException("down"); }))
        .isEqualTo("because down");
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void theTriggerSeparatesFailuresFromRejections(Mode mode) throws Exception {
    Fallback<String> onFailure =
        Fallback.<String>builder().value("f").trigger(FallbackTrigger.FAILURE).build();
    Fallback<String> onRejection =
        Fallback.<String>builder().value("r").trigger(FallbackTrigger.REJECTION).build();
    Rejected rejected = new Rejected();
    IOException failure = new IOException("down");
    assertThat(mode.call(onFailure, () -> { throw failure; })).isEqualTo("f");
    assertThatThrownBy(() -> mode.call(onFailure, () -> { throw rejected; })).isSameAs(rejected);
    assertThat(mode.call(onRejection, () -> { throw rejected; })).isEqualTo("r");
    assertThatThrownBy(() -> mode.call(onRejection, () -> { throw failure; })).isSameAs(failure);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void thePredicateChoosesWhichFailures(Mode mode) throws Exception {
    Fallback<String> fallback =
        Fallback.<String>builder().value("cached").when(e -> e instanceof IOException).build();
    assertThat(mode.call(fallback, () -> { throw new IOException("down"); })).isEqualTo("cached");
    IllegalArgumentException bug = new IllegalArgumentException("bad request");
    assertThatThrownBy(() -> mode.call(fallback, () -> { throw bug; })).isSameAs(bug);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aFunctionThatThrowsFailsTheCallWithTheOriginalSuppressed(Mode mode) {
    IOException original = new IOException("down");
    IllegalStateException broken = new IllegalStateException("cache empty");
    Fallback<String> fallback = Fallback.<String>builder().function(e -> { throw broken; }).build();
    assertThatThrownBy(() -> mode.call(fallback, () -> { throw original; })).isSameAs(broken);
    assertThat(broken.getSuppressed()).containsExactly(original);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void interruptsAndCancellationsAreNeverReplaced(Mode mode) {
    Fallback<String> fallback = Fallback.of("cached");
    InterruptedException interrupted = new InterruptedException();
    CancellationException cancelled = new CancellationException();
    assertThatThrownBy(() -> mode.call(fallback, () -> { throw interrupted; }))
        .isSameAs(interrupted);
    assertThatThrownBy(() -> mode.call(fallback, () -> { throw cancelled; }))
        .isInstanceOf(CancellationException.class);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aNullValueIsAValidSubstitute(Mode mode) throws Exception {
    Fallback<String> fallback = Fallback.of(null);
    assertThat(mode.call(fallback, () -> { throw new IOException("down"); })).isNull();
  }

  /** Retries an IOException once: stands for a retry inside or outside the fallback. */
  private static final class RetryOnce implements Policy {
    final List<String> log;

    RetryOnce(List<String> log) {
      this.log = log;
    }

    @Override
    public <T> T execute(CheckedSupplier<T> call, Next next) throws Exception {
      try {
        return next.proceed(call);
      } catch (IOException e) {
        log.add("retry");
        return next.proceed(call);
      }
    }

    @Override
    public <T> CompletionStage<T> executeAsync(
        Supplier<? extends CompletionStage<T>> call, AsyncNext next) {
      return next.proceed(call)
          .handle((v, e) -> {
            if (e == null) {
              return CompletableFuture.completedFuture(v);
            }
            log.add("retry");
            return next.proceed(call);
          })
          .thenCompose(s -> s);
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void pipelineOrderDecidesWhatTheFallbackSees(Mode mode) throws Exception {
    List<String> log = new ArrayList<>();
    Fallback<String> fallback = Fallback.of("cached");
    CheckedSupplier<String> failing = () -> {
      log.add("call");
      throw new IOException("down");
    };
    // outermost: the retry runs first and the fallback replaces what it gave up on
    assertThat(mode.call(Pipeline.of(fallback, new RetryOnce(log)), failing)).isEqualTo("cached");
    assertThat(log).containsExactly("call", "retry", "call");
    log.clear();
    // inside the retry: the failure becomes a result at once, which is never retried
    assertThat(mode.call(Pipeline.of(new RetryOnce(log), fallback), failing)).isEqualTo("cached");
    assertThat(log).containsExactly("call");
  }

  @Test
  void cancellingThePendingStageCancelsTheCall() {
    CompletableFuture<String> inner = new CompletableFuture<>();
    CompletionStage<String> stage = Fallback.of("cached").callAsync(() -> inner);
    stage.toCompletableFuture().cancel(true);
    assertThat(inner).isCancelled();
  }

  @Test
  void aCompletedStageIsReturnedAsIs() {
    CompletableFuture<String> done = CompletableFuture.completedFuture("ok");
    assertThat(Fallback.of("cached").callAsync(() -> done)).isSameAs(done);
    assertThat(Pipeline.of(Fallback.of("cached")).callAsync(() -> done)).isSameAs(done);
  }

  @Test
  void theBuilderValidatesEagerly() {
    assertThatThrownBy(() -> Fallback.<String>builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a fallback value or function must be set");
    FallbackBuilder<String> b = Fallback.<String>builder().value("a").name("cache");
    assertThatThrownBy(() -> b.value("b")).hasMessage("fallback was already set to value a");
    assertThatThrownBy(() -> b.function(e -> "b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("fallback was already set to value a");
    assertThatThrownBy(() -> b.function(null)).isInstanceOf(NullPointerException.class);
    b.trigger(FallbackTrigger.FAILURE).when(e -> true);
    assertThatThrownBy(() -> b.trigger(FallbackTrigger.REJECTION))
        .hasMessage("trigger was already set to FAILURE");
    assertThatThrownBy(() -> b.when(e -> false)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.name(" ")).isInstanceOf(IllegalArgumentException.class);
    Fallback<String> built = b.build();
    assertThat(built.name()).isEqualTo("cache");
    assertThat(built.trigger()).isEqualTo(FallbackTrigger.FAILURE);
    assertThat(built).hasToString("Fallback[cache, on FAILURE]");
  }

  @Test
  void theSuccessPathAllocatesNothing() throws Exception {
    Fallback<String> fallback = Fallback.of("cached");
    Pipeline pipeline = Pipeline.of(fallback);
    CheckedSupplier<String> call = () -> "ok";
    CompletableFuture<String> done = CompletableFuture.completedFuture("ok");
    Supplier<CompletionStage<String>> async = () -> done;
    for (int i = 0; i < 20_000; i++) {
      fallback.call(call);
      pipeline.call(call);
      fallback.callAsync(async);
    }
    long before = Allocations.ofCurrentThread();
    for (int i = 0; i < 100_000; i++) {
      fallback.call(call);
      pipeline.call(call);
      fallback.callAsync(async);
    }
    assertThat(Allocations.ofCurrentThread() - before).isLessThan(4096);
  }
}
