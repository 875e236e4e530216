package dev.bulwark.retry;

import dev.bulwark.core.CheckedSupplier;
import dev.bulwark.core.Policy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The pipeline link used by {@link Retry#call} and {@link Retry#callAsync} (and {@link Timeout}'s
 * own call methods): runs the call itself. A stateless singleton, so direct calls allocate nothing.
 */
enum DirectNext implements Policy.Next, Policy.AsyncNext {
  INSTANCE;

  @Override
  public <T> T proceed(CheckedSupplier<T> call) throws Exception {
    return call.get();
  }

  @Override
  public <T> CompletionStage<T> proceed(Supplier<? extends CompletionStage<T>> call) {
    try {
      CompletionStage<T> stage = call.get();
      return stage != null
          ? stage
          : CompletableFuture.failedFuture(new NullPointerException("the call returned a null stage"));
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
