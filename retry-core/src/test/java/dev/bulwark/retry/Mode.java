package dev.bulwark.retry;

import dev.bulwark.core.CheckedSupplier;
import dev.bulwark.core.ManualScheduler;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.core.Pipeline;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Runs the same test through {@link Retry#call} or {@link Retry#callAsync}, so that sync and async
 * pass the same assertions. The async mode turns the call into completed stages, runs the manual
 * scheduler until idle and unwraps the outcome; both modes report the waits between attempts
 * (sleeps, or scheduled delays) in nanoseconds.
 */
enum Mode {
  SYNC {
    @Override
    <T> T call(Fixture f, Retry retry, CheckedSupplier<T> call) throws Exception {
      return retry.call(call);
    }

    @Override
    <T> T call(Fixture f, Pipeline pipeline, CheckedSupplier<T> call) throws Exception {
      return pipeline.call(call);
    }

    @Override
    List<Long> waits(Fixture f) {
      return f.ticker.sleeps();
    }
  },
  ASYNC {
    @Override
    <T> T call(Fixture f, Retry retry, CheckedSupplier<T> call) throws Exception {
      CompletionStage<T> stage = retry.callAsync(() -> stageOf(call));
      f.scheduler.runUntilIdle();
      return await(stage);
    }

    @Override
    <T> T call(Fixture f, Pipeline pipeline, CheckedSupplier<T> call) throws Exception {
      CompletionStage<T> stage = pipeline.callAsync(() -> stageOf(call));
      f.scheduler.runUntilIdle();
      return await(stage);
    }

    @Override
    List<Long> waits(Fixture f) {
      return f.scheduler.delays();
    }
  };

  abstract <T> T call(Fixture f, Retry retry, CheckedSupplier<T> call) throws Exception;

  abstract <T> T call(Fixture f, Pipeline pipeline, CheckedSupplier<T> call) throws Exception;

  abstract List<Long> waits(Fixture f);

  static <T> CompletionStage<T> stageOf(CheckedSupplier<T> call) {
    try {
      return CompletableFuture.completedFuture(call.get());
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Returns the stage's value or throws its exception unwrapped; the stage must be complete. */
  static <T> T await(CompletionStage<T> stage) throws Exception {
    CompletableFuture<T> future = stage.toCompletableFuture();
    if (!future.isDone()) {
      throw new AssertionError("the stage is not complete");
    }
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception) {
        throw (Exception) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw e;
    } catch (CancellationException e) {
      throw e;
    }
  }

  /** A manual clock with its sleeper and scheduler, and a retry builder wired to them. */
  static final class Fixture {
    final ManualTicker ticker = new ManualTicker();
    final ManualScheduler scheduler = new ManualScheduler(ticker);

    RetryBuilder builder() {
      return Retry.builder().ticker(ticker).sleeper(ticker.sleeper()).scheduler(scheduler);
    }
  }
}
