package dev.bulwark.retry;

import dev.bulwark.core.internal.FanOut;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports how a retry's calls go: logs the operational events, builds events for its listeners
 * (only when there is one), and counts outcomes (only when the retry was built with statistics).
 *
 * <p>Logs, on the module's logger {@code dev.bulwark.retry}, each with an {@code event} key-value:
 * an exhausted call at WARN; the budget starting to refuse this retry at WARN and allowing it again
 * at INFO (edges only: the refusals in between are counted, not logged); attempt failures, aborts and
 * interruptions at DEBUG. A successful call is never logged. Listener failures are caught and logged.
 */
final class RetryNotifier {

  private static final Logger LOG = LoggerFactory.getLogger("dev.bulwark.retry");

  private final String name;
  private final List<RetryListener> listeners;
  /** The statistics, if the retry was built to keep them; else null. */
  private final @Nullable RetryCounts counts;
  private final Optional<RetryCounts> stats;
  /** Whether the budget's last answer to this retry was a refusal: logs only the edges. */
  private final AtomicBoolean budgetRefusing = new AtomicBoolean();

  RetryNotifier(String name, List<RetryListener> listeners, boolean recordStats) {
    this.name = name;
    this.listeners = List.copyOf(listeners);
    this.counts = recordStats ? new RetryCounts() : null;
    this.stats = Optional.ofNullable(counts);
  }

  /** The statistics view: the same instance every time. */
  Optional<RetryCounts> stats() {
    return stats;
  }

  /** A call's first attempt succeeded: the common path, which only counts. */
  void succeeded() {
    RetryCounts c = counts;
    if (c != null) {
      c.recordSuccess();
    }
  }

  void attemptFailed(int attempts, @Nullable Throwable failure, @Nullable Object result, long delayNanos) {
    if (LOG.isDebugEnabled()) {
      LOG.atDebug()
          .setMessage("retry '{}': attempt {} failed, retrying in {} ms")
          .addArgument(name)
          .addArgument(attempts)
          .addArgument(delayNanos / 1_000_000)
          .addKeyValue("event", "retry_attempt_failed")
          .addKeyValue("name", name)
          .addKeyValue("attempt", attempts)
          .addKeyValue("delay_ms", delayNanos / 1_000_000)
          .addKeyValue("outcome", describe(failure, result))
          .setCause(failure)
          .log();
    }
    if (!listeners.isEmpty()) {
      publish(new RetryEvent.AttemptFailed(name, attempts, failure, result, Duration.ofNanos(delayNanos)));
    }
  }

  void exhausted(
      int attempts,
      @Nullable Throwable failure,
      @Nullable Object result,
      RetryEvent.ExhaustedReason reason) {
    count(RetryOutcome.EXHAUSTED, attempts);
    if (LOG.isWarnEnabled()) {
      LOG.atWarn()
          .setMessage("retry '{}': retries exhausted after {} attempts ({})")
          .addArgument(name)
          .addArgument(attempts)
          .addArgument(reason)
          .addKeyValue("event", "retry_exhausted")
          .addKeyValue("name", name)
          .addKeyValue("attempts", attempts)
          .addKeyValue("reason", reason == RetryEvent.ExhaustedReason.MAX_ATTEMPTS ? "max_attempts" : "max_duration")
          .addKeyValue("outcome", describe(failure, result))
          .setCause(failure)
          .log();
    }
    if (!listeners.isEmpty()) {
      publish(new RetryEvent.Exhausted(name, attempts, failure, result, reason));
    }
  }

  void aborted(int attempts, @Nullable Throwable failure, @Nullable Object result) {
    count(RetryOutcome.ABORTED, attempts);
    if (LOG.isDebugEnabled()) {
      LOG.atDebug()
          .setMessage("retry '{}': abort rule matched after {} attempts, not retrying")
          .addArgument(name)
          .addArgument(attempts)
          .addKeyValue("event", "retry_aborted")
          .addKeyValue("name", name)
          .addKeyValue("attempts", attempts)
          .addKeyValue("outcome", describe(failure, result))
          .setCause(failure)
          .log();
    }
    if (!listeners.isEmpty()) {
      publish(new RetryEvent.Aborted(name, attempts, failure, result));
    }
  }

  void budgetExhausted(int attempts, @Nullable Throwable failure, @Nullable Object result) {
    count(RetryOutcome.BUDGET_EXHAUSTED, attempts);
    if (!budgetRefusing.get() && budgetRefusing.compareAndSet(false, true)) {
      LOG.atWarn()
          .setMessage("retry '{}': the retry budget is spent; failed calls are not retried until it recovers")
          .addArgument(name)
          .addKeyValue("event", "retry_budget_exhausted")
          .addKeyValue("name", name)
          .addKeyValue("attempts", attempts)
          .addKeyValue("outcome", describe(failure, result))
          .log();
    }
    if (!listeners.isEmpty()) {
      publish(new RetryEvent.BudgetExhausted(name, attempts, failure, result));
    }
  }

  /** The budget allowed a retry: logs the recovery if it last refused this retry. */
  void budgetAllowed() {
    if (budgetRefusing.get() && budgetRefusing.compareAndSet(true, false)) {
      LOG.atInfo()
          .setMessage("retry '{}': the retry budget allows retries again")
          .addArgument(name)
          .addKeyValue("event", "retry_budget_recovered")
          .addKeyValue("name", name)
          .log();
    }
  }

  void succeededAfterRetries(int attempts, @Nullable Object result) {
    count(RetryOutcome.SUCCESS_AFTER_RETRY, attempts);
    if (!listeners.isEmpty()) {
      publish(new RetryEvent.SucceededAfterRetries(name, attempts, result));
    }
  }

  /** The call ended on an outcome that is not retried, or the next attempt could not be scheduled. */
  void failed(int attempts) {
    count(RetryOutcome.FAILED, attempts);
  }

  void interrupted(int attempts) {
    count(RetryOutcome.FAILED, attempts);
    if (LOG.isDebugEnabled()) {
      LOG.atDebug()
          .setMessage("retry '{}': interrupted after {} attempts, not retrying")
          .addArgument(name)
          .addArgument(attempts)
          .addKeyValue("event", "retry_interrupted")
          .addKeyValue("name", name)
          .addKeyValue("attempts", attempts)
          .log();
    }
  }

  private void count(RetryOutcome outcome, int attempts) {
    RetryCounts c = counts;
    if (c != null) {
      c.record(outcome, attempts);
    }
  }

  private void publish(RetryEvent event) {
    FanOut.deliver(listeners, event, RetryListener::onEvent, this::listenerFailed);
  }

  private void listenerFailed(RetryListener listener, RetryEvent event, RuntimeException e) {
    LOG.atWarn()
        .setMessage("retry '{}': listener {} threw on {}")
        .addArgument(name)
        .addArgument(listener)
        .addArgument(event)
        .addKeyValue("event", "retry_listener_failed")
        .addKeyValue("name", name)
        .addKeyValue("listener", String.valueOf(listener))
        .setCause(e)
        .log();
  }

  private static String describe(@Nullable Throwable failure, @Nullable Object result) {
    return failure != null ? failure.toString() : "result " + result;
  }
}
