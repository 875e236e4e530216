package dev.bulwark.core;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The SPI every composable Bulwark primitive implements: a rate limiter, a circuit breaker, a retry,
 * a timeout.
 *
 * <p>A policy receives the user's call together with the {@link Next} link of the pipeline it sits
 * in, and decides whether, when and how often to {@linkplain Next#proceed proceed}. The link is
 * built once per {@link Pipeline}, so guarding a call allocates nothing beyond what the policy itself
 * allocates.
 *
 * <pre>{@code
 * final class Logging implements Policy {
 *   public <T> T execute(CheckedSupplier<T> call, Next next) throws Exception {
 *     log.debug("calling");
 *     return next.proceed(call);
 *   }
 *   public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncNext next) {
 *     return next.proceed(call);
 *   }
 * }
 * }</pre>
 *
 * <p>Implementations must be thread-safe: one policy instance guards many concurrent calls.
 */
public interface Policy {

  /**
   * Guards a synchronous call.
   *
   * @param call the user's call; pass it to {@code next}, never call it directly
   * @param next the rest of the pipeline (inner policies, then the call)
   * @param <T> the result type
   * @return the result of the call, or one the policy substitutes
   * @throws Exception what the call throws, or a {@link RejectedException} when the policy refuses
   */
  <T> T execute(CheckedSupplier<T> call, Next next) throws Exception;

  /**
   * Guards an asynchronous call. Must not throw: every failure, including a rejection, is reported
   * through the returned stage.
   *
   * @param call the user's call; pass it to {@code next}, never call it directly
   * @param next the rest of the pipeline
   * @param <T> the result type
   * @return a stage completed with the call's outcome or the policy's rejection
   */
  <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncNext next);

  /** The rest of a synchronous pipeline, as seen by one policy. */
  interface Next {
    /**
     * Runs the inner policies and then the call. May be invoked more than once (retries).
     *
     * @param call the call handed to the policy
     * @param <T> the result type
     * @return the call's result
     * @throws Exception what the inner policies or the call throw
     */
    <T> T proceed(CheckedSupplier<T> call) throws Exception;

    /**
     * Returns the link that simply invokes the call: what a policy's own call method passes as
     * {@code next} when it is used alone, outside a {@link Pipeline}.
     *
     * @return the shared, stateless direct link
     */
    static Next direct() {
      return DirectCall.INSTANCE;
    }
  }

  /** The rest of an asynchronous pipeline, as seen by one policy. */
  interface AsyncNext {
    /**
     * Runs the inner policies and then the call. Never throws: a call that throws instead of
     * returning a stage, or returns null, yields a failed stage.
     *
     * @param call the call handed to the policy
     * @param <T> the result type
     * @return the stage of the call's outcome
     */
    <T> CompletionStage<T> proceed(Supplier<? extends CompletionStage<T>> call);

    /**
     * Returns the link that simply invokes the call (a call that throws or returns null yields a
     * failed stage): what a policy's own async call method passes as {@code next} when it is used
     * alone, outside a {@link Pipeline}.
     *
     * @return the shared, stateless direct link
     */
    static AsyncNext direct() {
      return DirectCall.INSTANCE;
    }
  }
}
