package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PipelineTest {

  /** Records entry and exit around the rest of the pipeline. */
  private static final class Recording implements Policy {
    private final String name;
    private final List<String> log;

    Recording(String name, List<String> log) {
      this.name = name;
      this.log = log;
    }

    @Override
    public <T> T execute(CheckedSupplier<T> call, Next next) throws Exception {
      log.add(name + ">");
      try {
        return next.proceed(call);
      } finally {
        log.add("<" + name);
      }
    }

    @Override
    public <T> CompletionStage<T> executeAsync(
        Supplier<? extends CompletionStage<T>> call, AsyncNext next) {
      log.add(name + ">");
      return next.proceed(call).whenComplete((r, e) -> log.add("<" + name));
    }
  }

  /** Calls the rest of the pipeline up to three times while it throws IOException. */
  private static final class ThreeTries implements Policy {
    @Override
    public <T> T execute(CheckedSupplier<T> call, Next next) throws Exception {
      for (int attempt = 1; ; attempt++) {
        try {
          return next.proceed(call);
        } catch (IOException e) {
          if (attempt == 3) {
            throw e;
          }
        }
      }
    }

    @Override
    public <T> CompletionStage<T> executeAsync(
        Supplier<? extends CompletionStage<T>> call, AsyncNext next) {
      return next.proceed(call);
    }
  }

  /** Refuses everything. */
  private static final class Refusing implements Policy {
    @Override
    public <T> T execute(CheckedSupplier<T> call, Next next) {
      throw new Refused();
    }

    @Override
    public <T> CompletionStage<T> executeAsync(
        Supplier<? extends CompletionStage<T>> call, AsyncNext next) {
      throw new Refused(); // breaks the async contract on purpose: the pipeline must contain it
    }
  }

  private static final class Refused extends RejectedException {
    private static final long serialVersionUID = 1L;

    Refused() {
      super("refused", "test", 1_000);
    }
  }

  @Test
  void firstPolicyIsOutermost() throws Exception {
    List<String> log = new ArrayList<>();
    Pipeline pipeline =
        Pipeline.of(new Recording("a", log), new Recording("b", log), new Recording("c", log));
    String result =
        pipeline.call(
            () -> {
              log.add("call");
              return "ok";
            });
    assertThat(result).isEqualTo("ok");
    assertThat(log).containsExactly("a>", "b>", "c>", "call", "<c", "<b", "<a");
  }

  @Test
  void asyncPathAppliesTheSameOrder() {
    List<String> log = new ArrayList<>();
    Pipeline pipeline = Pipeline.of(new Recording("a", log), new Recording("b", log));
    String result =
        pipeline
            .callAsync(
                () -> {
                  log.add("call");
                  return CompletableFuture.completedFuture("ok");
                })
            .toCompletableFuture()
            .join();
    assertThat(result).isEqualTo("ok");
    assertThat(log).containsExactly("a>", "b>", "call", "<b", "<a");
  }

  @Test
  void aPolicyMayProceedSeveralTimes() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Pipeline pipeline = Pipeline.of(new ThreeTries());
    String result =
        pipeline.call(
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw new IOException("flaky");
              }
              return "third time";
            });
    assertThat(result).isEqualTo("third time");
    assertThat(calls).hasValue(3);
  }

  @Test
  void exceptionsPropagateUnchanged() {
    IOException failure = new IOException("down");
    assertThatThrownBy(() -> Pipeline.of(new ThreeTries()).call(() -> {
          throw failure;
        }))
        .isSameAs(failure);
  }

  @Test
  void rejectionStopsTheCallAndCarriesRetryAfter() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> Pipeline.of(new Refusing()).call(calls::incrementAndGet))
        .isInstanceOfSatisfying(
            Refused.class,
            e -> {
              assertThat(e.source()).isEqualTo("test");
              assertThat(e.retryAfterNanos()).isEqualTo(1_000);
              assertThat(e.retryAfter()).isEqualTo(Duration.ofNanos(1_000));
              assertThat(e.getStackTrace()).isEmpty();
            });
    assertThat(calls).hasValue(0);
  }

  @Test
  void asyncFailuresBecomeFailedStagesNeverThrows() {
    CompletionStage<Object> thrown =
        Pipeline.of().callAsync(() -> {
          throw new IllegalStateException("boom");
        });
    assertThatThrownBy(() -> thrown.toCompletableFuture().join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(IllegalStateException.class);

    CompletionStage<Object> nullStage = Pipeline.of().callAsync(() -> null);
    assertThatThrownBy(() -> nullStage.toCompletableFuture().join())
        .hasCauseInstanceOf(NullPointerException.class);

    CompletionStage<Integer> refused =
        Pipeline.of(new Refusing()).callAsync(() -> CompletableFuture.completedFuture(1));
    assertThatThrownBy(() -> refused.toCompletableFuture().join()).hasCauseInstanceOf(Refused.class);
  }

  @Test
  void emptyPipelineRunsTheCallAndRunWorks() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Pipeline pipeline = Pipeline.of();
    assertThat(pipeline.call(() -> 7)).isEqualTo(7);
    pipeline.run(runs::incrementAndGet);
    assertThat(runs).hasValue(1);
    assertThat(pipeline.policies()).isEmpty();
  }

  @Test
  void nullsAreRejected() {
    assertThatThrownBy(() -> Pipeline.of((Policy) null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Pipeline.of().call(null)).isInstanceOf(NullPointerException.class);
  }
}
