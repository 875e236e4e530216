package dev.bulwark.circuitbreaker;

import dev.bulwark.core.CheckedSupplier;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.core.Pipeline;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The ways to guard a call, so that one scenario runs through each with the same assertions. A
 * guarded call advances the ticker by its duration, then returns its value or throws its error;
 * {@link #guard} describes the outcome as a string: {@code ok:<value>}, {@code error:<message>} or
 * {@code rejected:<state>}.
 */
enum Mode {
  /** {@link CircuitBreaker#call}. */
  SYNC {
    @Override
    String guard(CircuitBreaker breaker, ManualTicker ticker, Duration duration, Object valueOrError) {
      try {
        return "ok:" + breaker.call(body(ticker, duration, valueOrError));
      } catch (CircuitOpenException e) {
        return "rejected:" + e.state();
      } catch (Exception e) {
        return "error:" + e.getMessage();
      }
    }
  },
  /** {@link CircuitBreaker#callAsync}, the stage completing after the supplier returned. */
  ASYNC {
    @Override
    String guard(CircuitBreaker breaker, ManualTicker ticker, Duration duration, Object valueOrError) {
      CompletableFuture<Object> pending = new CompletableFuture<>();
      CompletionStage<Object> stage = breaker.callAsync(() -> pending);
      ticker.advance(duration);
      if (valueOrError instanceof Exception) {
        pending.completeExceptionally((Exception) valueOrError);
      } else {
        pending.complete(valueOrError);
      }
      return describe(stage);
    }
  },
  /** {@link CircuitBreaker#callAsync}, the stage already complete when the supplier returns it. */
  ASYNC_COMPLETED {
    @Override
    String guard(CircuitBreaker breaker, ManualTicker ticker, Duration duration, Object valueOrError) {
      return describe(
          breaker.callAsync(
              () -> {
                ticker.advance(duration);
                return valueOrError instanceof Exception
                    ? CompletableFuture.failedFuture((Exception) valueOrError)
                    : CompletableFuture.completedFuture(valueOrError);
              }));
    }
  },
  /** {@link Pipeline#call} with the breaker as its only policy. */
  PIPELINE {
    @Override
    String guard(CircuitBreaker breaker, ManualTicker ticker, Duration duration, Object valueOrError) {
      try {
        return "ok:" + Pipeline.of(breaker).call(body(ticker, duration, valueOrError));
      } catch (CircuitOpenException e) {
        return "rejected:" + e.state();
      } catch (Exception e) {
        return "error:" + e.getMessage();
      }
    }
  },
  /** The manual form: {@link CircuitBreaker#tryAcquirePermission()} and the report methods. */
  MANUAL {
    @Override
    String guard(CircuitBreaker breaker, ManualTicker ticker, Duration duration, Object valueOrError) {
      long ticket = breaker.tryAcquirePermission();
      if (ticket == CircuitBreaker.NOT_PERMITTED) {
        return "rejected:" + breaker.state();
      }
      ticker.advance(duration);
      if (valueOrError instanceof Exception) {
        breaker.onError(ticket, duration.toNanos(), (Exception) valueOrError);
        return "error:" + ((Exception) valueOrError).getMessage();
      }
      breaker.onResult(ticket, duration.toNanos(), valueOrError);
      return "ok:" + valueOrError;
    }
  };

  /** Guards one call that lasts {@code duration} and returns or throws {@code valueOrError}. */
  abstract String guard(CircuitBreaker breaker, ManualTicker ticker, Duration duration, Object valueOrError);

  String succeed(CircuitBreaker breaker, ManualTicker ticker) {
    return guard(breaker, ticker, Duration.ZERO, "fine");
  }

  String fail(CircuitBreaker breaker, ManualTicker ticker) {
    return guard(breaker, ticker, Duration.ZERO, new IllegalStateException("boom"));
  }

  private static CheckedSupplier<Object> body(ManualTicker ticker, Duration duration, Object valueOrError) {
    return () -> {
      ticker.advance(duration);
      if (valueOrError instanceof Exception) {
        throw (Exception) valueOrError;
      }
      return valueOrError;
    };
  }

  private static String describe(CompletionStage<Object> stage) {
    CompletableFuture<Object> f = stage.toCompletableFuture();
    if (!f.isDone()) {
      return "pending";
    }
    try {
      return "ok:" + f.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof CircuitOpenException) {
        return "rejected:" + ((CircuitOpenException) cause).state();
      }
      return "error:" + (cause == null ? e.getMessage() : cause.getMessage());
    }
  }
}
