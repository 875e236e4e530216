package dev.bulwark.retry;

import dev.bulwark.core.BackoffSequence;
import org.jspecify.annotations.Nullable;

/**
 * The state of one call after its first attempt failed: the attempt count, the backoff sequence and
 * the earlier failures. Created lazily, so a call that succeeds first time allocates none of it.
 * Used by the sync loop and the async run alike, so that both make exactly the same decisions.
 *
 * <p>Not thread-safe; the async run hands it from one attempt to the next through the completion of
 * the attempt's stage and the scheduler, which order the accesses.
 */
class RetryRun {

  /** {@link #decide} result: do not retry. */
  static final long STOP = -1;

  /** Earlier failures kept to attach as suppressed exceptions; also the cap on suppressed ones. */
  static final int MAX_SUPPRESSED = 8;

  final Retry retry;
  private final long startNanos;
  private int attempts = 1;
  private @Nullable BackoffSequence sequence;
  private Throwable @Nullable [] earlier;
  private int earlierCount;

  RetryRun(Retry retry, long startNanos) {
    this.retry = retry;
    this.startNanos = startNanos;
  }

  /** The number of attempts made so far. */
  final int attempts() {
    return attempts;
  }

  /**
   * Decides what follows the attempt that just ended with {@code result} or {@code failure}:
   * counts it in the budget, publishes events, and returns the delay before the next attempt in
   * nanoseconds, or {@link #STOP}.
   *
   * @param onCallingThread true for the sync loop: an interrupted calling thread stops retrying
   */
  final long decide(@Nullable Object result, @Nullable Throwable failure, boolean onCallingThread) {
    int verdict =
        failure != null ? retry.classifyFailure(failure, onCallingThread) : retry.classifyResult(result);
    return decide(verdict, result, failure);
  }

  /** {@link #decide(Object, Throwable, boolean)} for an outcome already classified. */
  final long decide(int verdict, @Nullable Object result, @Nullable Throwable failure) {
    RetryNotifier notifier = retry.notifier();
    switch (verdict) {
      case Retry.SUCCESS:
        retry.recordSuccess();
        if (attempts > 1) {
          notifier.succeededAfterRetries(attempts, result);
        } else {
          notifier.succeeded();
        }
        return STOP;
      case Retry.NOT_RETRYABLE:
        notifier.failed(attempts);
        return STOP;
      case Retry.INTERRUPTED:
        notifier.interrupted(attempts);
        return STOP;
      case Retry.ABORT:
        notifier.aborted(attempts, failure, result);
        return STOP;
      default:
        return retryable(result, failure);
    }
  }

  private long retryable(@Nullable Object result, @Nullable Throwable failure) {
    RetryNotifier notifier = retry.notifier();
    RetryBudget budget = retry.budgetOrNull();
    if (budget != null) {
      budget.recordFailure();
    }
    if (attempts >= retry.maxAttempts()) {
      notifier.exhausted(attempts, failure, result, RetryEvent.ExhaustedReason.MAX_ATTEMPTS);
      return STOP;
    }
    BackoffSequence s = sequence;
    if (s == null) {
      s = retry.newSequence();
      sequence = s;
    }
    long delay = Math.max(s.nextNanos(), retry.hintNanos(result, failure));
    if (retry.hasMaxDuration()) {
      long elapsed = retry.ticker().read() - startNanos;
      if (delay >= retry.maxDurationNanos() - elapsed) {
        notifier.exhausted(attempts, failure, result, RetryEvent.ExhaustedReason.MAX_DURATION);
        return STOP;
      }
    }
    if (budget != null) {
      if (!budget.tryAcquireRetry()) {
        notifier.budgetExhausted(attempts, failure, result);
        return STOP;
      }
      notifier.budgetAllowed();
    }
    notifier.attemptFailed(attempts, failure, result, delay);
    if (failure != null) {
      remember(failure);
    }
    attempts++;
    return delay;
  }

  private void remember(Throwable failure) {
    Throwable[] e = earlier;
    if (e == null) {
      e = new Throwable[MAX_SUPPRESSED];
      earlier = e;
    }
    if (earlierCount < e.length) {
      e[earlierCount++] = failure;
    }
  }

  /**
   * Attaches the earlier failures of this call (the first {@value #MAX_SUPPRESSED}) to the final one
   * as suppressed exceptions. Skips the final exception itself (a call may throw one instance
   * repeatedly) and never lets an exception hold more than {@value #MAX_SUPPRESSED} suppressed ones,
   * so a shared, preallocated exception cannot grow without bound across calls.
   */
  final <E extends Throwable> E withEarlierFailures(E last) {
    Throwable[] e = earlier;
    if (e == null) {
      return last;
    }
    int room = MAX_SUPPRESSED - last.getSuppressed().length;
    for (int i = 0; i < earlierCount && room > 0; i++) {
      Throwable t = e[i];
      if (t != null && t != last && !contains(last.getSuppressed(), t)) {
        last.addSuppressed(t);
        room--;
      }
    }
    return last;
  }

  private static boolean contains(Throwable[] array, Throwable t) {
    for (Throwable each : array) {
      if (each == t) {
        return true;
      }
    }
    return false;
  }
}
