package dev.bulwark.ratelimit;

import dev.bulwark.core.CheckedSupplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The in-flight counter and the {@link dev.bulwark.core.Policy} behaviour shared by the fixed and
 * the adaptive limiter. Acquisition is a compare-and-set loop that increments the count only while
 * it is below the current limit, so the count never exceeds the limit in force at the increment.
 */
abstract class AbstractConcurrencyLimiter implements ConcurrencyLimiter {

  private final String name;
  private final AtomicInteger inFlight = new AtomicInteger();

  AbstractConcurrencyLimiter(String name) {
    this.name = name;
  }

  @Override
  public final Permit tryAcquire() {
    for (; ; ) {
      int current = inFlight.get();
      if (current >= limit()) {
        return NoPermit.INSTANCE;
      }
      if (inFlight.compareAndSet(current, current + 1)) {
        return newPermit(current + 1);
      }
    }
  }

  /**
   * Creates the permit for an acquisition that was just counted.
   *
   * @param inFlightNow the in-flight count including this acquisition
   * @return the permit, whose release must call {@link #releaseOne()}
   */
  abstract Permit newPermit(int inFlightNow);

  /** Uncounts one permit. */
  final void releaseOne() {
    inFlight.decrementAndGet();
  }

  @Override
  public final int inFlight() {
    return inFlight.get();
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public <T> T execute(CheckedSupplier<T> call, Next next) throws Exception {
    Permit permit = tryAcquire();
    if (!permit.isAcquired()) {
      throw new ConcurrencyLimitExceededException(name, limit());
    }
    try {
      T result = next.proceed(call);
      permit.onSuccess();
      return result;
    } catch (TimeoutException e) {
      permit.onDropped();
      throw e;
    } finally {
      permit.close(); // releases on any other failure; does nothing after onSuccess/onDropped
    }
  }

  @Override
  public <T> CompletionStage<T> executeAsync(
      Supplier<? extends CompletionStage<T>> call, AsyncNext next) {
    Permit permit = tryAcquire();
    if (!permit.isAcquired()) {
      return CompletableFuture.failedFuture(new ConcurrencyLimitExceededException(name, limit()));
    }
    CompletionStage<T> stage;
    try {
      stage = next.proceed(call);
    } catch (RuntimeException | Error e) {
      permit.close();
      return CompletableFuture.failedFuture(e);
    }
    return stage.whenComplete(
        (result, failure) -> {
          if (failure == null) {
            permit.onSuccess();
          } else if (unwrap(failure) instanceof TimeoutException) {
            permit.onDropped();
          } else {
            permit.close();
          }
        });
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure.getCause();
    return failure instanceof CompletionException && cause != null ? cause : failure;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + ", " + inFlight() + "/" + limit() + "]";
  }
}
