package dev.bulwark.retry;

import dev.bulwark.core.CheckedSupplier;
import dev.bulwark.core.internal.Durations;
import dev.bulwark.core.Policy;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Bounds how long a call may take; as the outermost policy of a {@link dev.bulwark.core.Pipeline},
 * a deadline for everything inside it, retries and the sleeps between them included.
 *
 * <pre>{@code
 * Timeout timeout = Timeout.of(Duration.ofSeconds(2));      // sync calls run on the caller's thread
 * Pipeline pipeline = Pipeline.of(timeout, retry, breaker, limiter);
 * }</pre>
 *
 * <ul>
 *   <li><b>Async</b> ({@link #executeAsync}, {@link #callAsync}): the timer starts before the inner
 *       pipeline is invoked. When it fires first, the returned stage completes exceptionally with a
 *       {@link TimeoutExceededException} and the inner stage is cancelled ({@code cancel(true)}),
 *       which stops an inner {@link Retry} from making further attempts. Cancelling the returned
 *       stage cancels the inner one too. No thread blocks.
 *   <li><b>Sync</b> ({@link #execute}, {@link #call}), by default: the call runs on the caller's
 *       own thread, as Failsafe's does. When the timer fires first, that thread is interrupted (an
 *       inner Retry sleeping between attempts stops, blocking I/O that honours interrupts fails),
 *       and however the call then ends, the caller gets a {@link TimeoutExceededException} (the
 *       call's own exception suppressed in it); a call that ignores the interrupt is waited for, and
 *       its late result is discarded. The timer's interrupt never outlives the call: the thread's
 *       interrupt flag is cleared before the exception is thrown. A caller already interrupted gets
 *       {@link InterruptedException} without the call being made.
 *   <li><b>Sync with an {@linkplain TimeoutBuilder#executor executor}</b>: the call runs on the
 *       executor while the caller waits. When the timer fires first, the call's thread is
 *       interrupted and the caller gets a {@link TimeoutExceededException} at once, without waiting
 *       for the call to notice the interrupt; a call that ignores interrupts runs on in the
 *       background. If the caller is interrupted while waiting, the call is interrupted too, the
 *       caller's interrupt flag is set again and {@link InterruptedException} is thrown.
 * </ul>
 *
 * <p>The timer runs on the configured scheduler, by default one shared daemon thread. Immutable and
 * thread-safe.
 */
public final class Timeout implements Policy {

  private final String name;
  private final long timeoutNanos;
  private final @Nullable Executor executor;
  private final @Nullable ScheduledExecutorService scheduler;

  Timeout(
      String name,
      long timeoutNanos,
      @Nullable Executor executor,
      @Nullable ScheduledExecutorService scheduler) {
    this.name = name;
    this.timeoutNanos = timeoutNanos;
    this.executor = executor;
    this.scheduler = scheduler;
  }

  /**
   * Returns a timeout for sync calls (run on the caller's thread) and async calls.
   *
   * @param timeout a positive duration
   * @return a new timeout named {@code "timeout"}
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  public static Timeout of(Duration timeout) {
    return builder(timeout).build();
  }

  /**
   * Starts configuring a timeout.
   *
   * @param timeout a positive duration (saturated at about 292 years)
   * @return a new builder
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  public static TimeoutBuilder builder(Duration timeout) {
    return new TimeoutBuilder(Durations.requirePositive("timeout", timeout));
  }

  /**
   * Runs a call with this timeout: on the caller's thread, or on the executor when one is set.
   *
   * @param call the call
   * @param <T> the result type
   * @return the call's result
   * @throws TimeoutExceededException if the timeout expired first
   * @throws InterruptedException if the caller was interrupted before the call or while waiting
   * @throws Exception what the call throws
   */
  public <T> T call(CheckedSupplier<T> call) throws Exception {
    Objects.requireNonNull(call, "call");
    return execute(call, Policy.Next.direct());
  }

  /**
   * Runs an asynchronous call with this timeout.
   *
   * @param call supplies the call's stage
   * @param <T> the result type
   * @return a stage completed with the call's outcome, or exceptionally with a
   *     {@link TimeoutExceededException}
   */
  public <T> CompletionStage<T> callAsync(Supplier<? extends CompletionStage<T>> call) {
    Objects.requireNonNull(call, "call");
    return executeAsync(call, Policy.AsyncNext.direct());
  }

  @Override
  public <T> T execute(CheckedSupplier<T> call, Next next) throws Exception {
    Executor e = executor;
    if (e == null) {
      return onCallerThread(call, next);
    }
    FutureTask<T> task = new FutureTask<>(() -> next.proceed(call));
    ScheduledFuture<?> timer =
        scheduler().schedule(() -> task.cancel(true), timeoutNanos, TimeUnit.NANOSECONDS);
    try {
      e.execute(task);
      return task.get();
    } catch (CancellationException cancelled) {
      throw new TimeoutExceededException(name, timeout());
    } catch (ExecutionException failed) {
      Throwable cause = failed.getCause();
      if (cause instanceof Exception) {
        throw (Exception) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw failed;
    } catch (InterruptedException interrupted) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      throw interrupted;
    } finally {
      timer.cancel(false);
    }
  }

  /** Runs the call on this thread, interrupted if it is still running when the timer fires. */
  private <T> T onCallerThread(CheckedSupplier<T> call, Next next) throws Exception {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("interrupted before timeout '" + name + "' started the call");
    }
    CallerThreadTimeout timer = new CallerThreadTimeout(Thread.currentThread());
    ScheduledFuture<?> scheduled = scheduler().schedule(timer, timeoutNanos, TimeUnit.NANOSECONDS);
    T result;
    try {
      result = next.proceed(call);
    } catch (Exception | Error failure) {
      scheduled.cancel(false);
      if (timer.end()) {
        TimeoutExceededException exceeded = new TimeoutExceededException(name, timeout());
        exceeded.addSuppressed(failure);
        throw exceeded;
      }
      throw failure;
    }
    scheduled.cancel(false);
    if (timer.end()) {
      // The call finished, but only after its deadline (it did not stop when interrupted).
      throw new TimeoutExceededException(name, timeout());
    }
    return result;
  }

  @Override
  public <T> CompletionStage<T> executeAsync(
      Supplier<? extends CompletionStage<T>> call, AsyncNext next) {
    AsyncTimeout<T> run = new AsyncTimeout<>(name, timeout());
    try {
      run.arm(scheduler().schedule(run, timeoutNanos, TimeUnit.NANOSECONDS));
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(e);
    }
    return run.watch(next.proceed(call));
  }

  private ScheduledExecutorService scheduler() {
    ScheduledExecutorService s = scheduler;
    return s != null ? s : DefaultScheduler.get();
  }

  /**
   * Returns the name used in the exception's message.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the timeout.
   *
   * @return the duration
   */
  public Duration timeout() {
    return Duration.ofNanos(timeoutNanos);
  }

  @Override
  public String toString() {
    return "Timeout[" + name + ", " + timeout() + (executor != null ? ", sync calls on an executor]" : "]");
  }
}
