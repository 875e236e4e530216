package dev.bulwark.core;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Replaces a failed or rejected call's exception with a substitute result: a fixed value (a cached
 * answer, an empty list) or one computed from the exception. Built with {@link #builder()};
 * immutable and thread-safe; one instance guards any number of concurrent calls.
 *
 * <pre>{@code
 * Fallback<String> cached = Fallback.<String>builder()
 *     .function(failure -> cache.lastAnswer())
 *     .trigger(FallbackTrigger.FAILURE_OR_REJECTION)
 *     .when(failure -> !(failure instanceof IllegalArgumentException))
 *     .build();
 * Pipeline pipeline = Pipeline.of(cached, retry, breaker);   // the fallback sees what retry gave up on
 * }</pre>
 *
 * <h2>Semantics</h2>
 * The call's outcome, in this order:
 * <ol>
 *   <li>A result is returned as is: a fallback never looks at results.
 *   <li>An {@link Error}, an {@link InterruptedException} and a {@link CancellationException} are
 *       never replaced (they pass through).
 *   <li>The {@linkplain FallbackBuilder#trigger trigger} selects failures, rejections
 *       ({@link RejectedException}) or both (the default); the
 *       {@linkplain FallbackBuilder#when predicate} (default: any) then decides. An exception not
 *       selected passes through.
 *   <li>A selected exception is replaced by the fallback value, or by what the fallback function
 *       returns for it. If the function throws, the caller gets that exception with the original one
 *       {@linkplain Throwable#getSuppressed() suppressed} in it.
 * </ol>
 * In a {@link Pipeline} the fallback sees what its inner policies report: outermost, it replaces
 * what a retry gave up on and what a breaker or limiter rejected; inside a retry, it turns failures
 * into results that the retry never retries.
 *
 * <h2>Types</h2>
 * The fallback's result type {@code R} is the result type of the calls it guards: in a pipeline
 * whose calls return another type, the substitute reaches the caller as a {@code ClassCastException}
 * at the call site. Use one fallback per result type.
 *
 * <h2>Cost</h2>
 * A call that succeeds allocates nothing and takes no lock, sync or async (an async call's stage is
 * returned as is when it is already complete). A pending async stage costs one dependent stage.
 *
 * @param <R> the result type of the guarded calls
 */
public final class Fallback<R> implements Policy {

  private final String name;
  private final FallbackFunction<? extends R> function;
  private final FallbackTrigger trigger;
  private final Predicate<? super Exception> when;

  Fallback(
      String name,
      FallbackFunction<? extends R> function,
      FallbackTrigger trigger,
      Predicate<? super Exception> when) {
    this.name = name;
    this.function = function;
    this.trigger = trigger;
    this.when = when;
  }

  /**
   * Starts configuring a fallback.
   *
   * @param <R> the result type of the guarded calls
   * @return a new builder
   */
  public static <R> FallbackBuilder<R> builder() {
    return new FallbackBuilder<>();
  }

  /**
   * Returns a fallback to {@code value} on every failure and rejection.
   *
   * @param value the substitute result; may be null
   * @param <R> the result type of the guarded calls
   * @return a new fallback named {@code "fallback"}
   */
  public static <R> Fallback<R> of(@Nullable R value) {
    return Fallback.<R>builder().value(value).build();
  }

  /**
   * Runs a call, replacing its exception as configured.
   *
   * @param call the call
   * @return the call's result, or the substitute
   * @throws Exception an exception that is not replaced, or the fallback function's exception
   */
  public R call(CheckedSupplier<? extends R> call) throws Exception {
    Objects.requireNonNull(call, "call");
    return execute(call, Policy.Next.direct());
  }

  /**
   * Runs an asynchronous call, replacing its failure as configured. Never throws.
   *
   * @param call supplies the call's stage
   * @return the stage of the call's result or the substitute
   */
  public CompletionStage<R> callAsync(Supplier<? extends CompletionStage<R>> call) {
    Objects.requireNonNull(call, "call");
    return executeAsync(call, Policy.AsyncNext.direct());
  }

  @Override
  // R is the result type of every call guarded (see "Types"); a null substitute is returned as is.
  @SuppressWarnings({"unchecked", "NullAway"})
  public <T> T execute(CheckedSupplier<T> call, Next next) throws Exception {
    try {
      return next.proceed(call);
    } catch (Exception failure) {
      if (!handles(failure)) {
        throw failure;
      }
      return (T) substitute(failure);
    }
  }

  @Override
  @SuppressWarnings("unchecked") // R is the result type of every call guarded (see "Types")
  public <T> CompletionStage<T> executeAsync(
      Supplier<? extends CompletionStage<T>> call, AsyncNext next) {
    CompletionStage<T> stage = next.proceed(call);
    CompletableFuture<T> future = futureOf(stage);
    if (future != null && future.isDone() && !future.isCompletedExceptionally()) {
      return stage;
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    if (future != null) {
      CompletableFuture<T> unused = result.whenComplete((value, error) -> future.cancel(true));
    }
    CompletionStage<T> unused =
        stage.whenComplete(
            (value, error) -> {
              if (error == null) {
                result.complete(value);
                return;
              }
              Throwable cause = error instanceof CompletionException && error.getCause() != null
                  ? error.getCause()
                  : error;
              if (!(cause instanceof Exception) || !handles((Exception) cause)) {
                result.completeExceptionally(cause);
                return;
              }
              try {
                result.complete((T) substitute((Exception) cause));
              } catch (Exception | Error fallbackFailure) {
                result.completeExceptionally(fallbackFailure);
              }
            });
    return result;
  }

  private boolean handles(Exception failure) {
    if (failure instanceof InterruptedException || failure instanceof CancellationException) {
      return false;
    }
    boolean rejection = failure instanceof RejectedException;
    boolean selected =
        switch (trigger) {
          case FAILURE -> !rejection;
          case REJECTION -> rejection;
          case FAILURE_OR_REJECTION -> true;
        };
    return selected && when.test(failure);
  }

  private @Nullable Object substitute(Exception failure) throws Exception {
    try {
      return function.apply(failure);
    } catch (Exception fallbackFailure) {
      if (fallbackFailure != failure) {
        fallbackFailure.addSuppressed(failure);
      }
      throw fallbackFailure;
    }
  }

  private static <T> @Nullable CompletableFuture<T> futureOf(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture();
    } catch (UnsupportedOperationException e) {
      return null;
    }
  }

  /**
   * Returns the name.
   *
   * @return the name given to the builder, or {@code "fallback"}
   */
  public String name() {
    return name;
  }

  /**
   * Returns which exceptions the fallback considers before its predicate.
   *
   * @return the trigger
   */
  public FallbackTrigger trigger() {
    return trigger;
  }

  @Override
  public String toString() {
    return "Fallback[" + name + ", on " + trigger + "]";
  }
}
