package dev.bulwark.circuitbreaker;

import dev.bulwark.core.RejectedException;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** Sorts outcomes into success, failure and ignored, by the config's predicates. Immutable. */
final class Classifier {

  static final int SUCCESS = 0;
  static final int FAILURE = 1;
  static final int IGNORED = 2;

  private final String breaker;
  private final @Nullable Predicate<? super Throwable> record;
  private final @Nullable Predicate<? super Throwable> ignore;
  private final @Nullable Predicate<Object> result;
  private final boolean recordRejections;

  Classifier(String breaker, CircuitBreakerConfig config) {
    this.breaker = breaker;
    this.record = config.recordExceptionsOrNull();
    this.ignore = config.ignoreExceptionsOrNull();
    this.result = config.recordResultOrNull();
    this.recordRejections = config.recordsRejections();
  }

  /**
   * Classifies an exception: a rejection by another Bulwark policy is ignored (unless configured to
   * be recorded); otherwise ignored if {@code ignore} matches, else failure if {@code record} does.
   */
  int ofError(Throwable error) {
    if (!recordRejections && error instanceof RejectedException) {
      return IGNORED;
    }
    try {
      Predicate<? super Throwable> i = ignore;
      if (i != null && i.test(error)) {
        return IGNORED;
      }
      Predicate<? super Throwable> r = record;
      return r == null || r.test(error) ? FAILURE : SUCCESS;
    } catch (RuntimeException e) {
      predicateFailed("exception", e);
      return FAILURE;
    }
  }

  /** Tells whether results need classifying at all. */
  boolean checksResults() {
    return result != null;
  }

  /** Classifies a returned value: failure if {@code recordResult} matches, else success. */
  int ofResult(@Nullable Object value) {
    Predicate<Object> r = result;
    if (r == null) {
      return SUCCESS;
    }
    try {
      return r.test(value) ? FAILURE : SUCCESS;
    } catch (RuntimeException e) {
      predicateFailed("result", e);
      return FAILURE;
    }
  }

  private void predicateFailed(String predicate, RuntimeException e) {
    Log.LOGGER
        .atWarn()
        .setMessage("circuit breaker '{}': the {} predicate threw; counting the call as failed")
        .addArgument(breaker)
        .addArgument(predicate)
        .addKeyValue("event", "circuit_breaker_predicate_failed")
        .addKeyValue("name", breaker)
        .addKeyValue("predicate", predicate)
        .setCause(e)
        .log();
  }

  /** The exception an async stage failed with: the cause of a {@link CompletionException}. */
  static Throwable unwrap(Throwable error) {
    Throwable cause = error.getCause();
    return error instanceof CompletionException && cause != null ? cause : error;
  }
}
