package dev.bulwark.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The end of every pipeline: invokes the call itself. Also what a policy's own call methods pass as
 * {@code next} ({@link Policy.Next#direct()}). Stateless, so it allocates nothing.
 */
enum DirectCall implements Chain {
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

  @Override
  public String toString() {
    return "the call";
  }
}
