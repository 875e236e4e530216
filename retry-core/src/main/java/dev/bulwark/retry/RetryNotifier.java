package dev.bulwark.retry;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a retry's decisions and builds events for its listeners, only when a listener is registered
 * and only at log levels that are enabled. Attempt failures, aborts and budget refusals log at
 * debug; exhaustion at warn. Listener failures are caught and logged.
 */
final class RetryNotifier {

  private static final Logger LOG = LoggerFactory.getLogger(Retry.class);

  private final String name;
  private final List<RetryListener> listeners;

  RetryNotifier(String name, List<RetryListener> listeners) {
    this.name = name;
    this.listeners = List.copyOf(listeners);
  }

  void attemptFailed(int attempts, @Nullable Throwable failure, @Nullable Object result, long delayNanos) {
    if (LOG.isDebugEnabled()) {
      LOG.atDebug()
          .setMessage("attempt failed, retrying")
          .addKeyValue("retry", name)
          .addKeyValue("attempt", attempts)
          .addKeyValue("delayMillis", delayNanos / 1_000_000)
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
    if (LOG.isWarnEnabled()) {
      LOG.atWarn()
          .setMessage("retries exhausted")
          .addKeyValue("retry", name)
          .addKeyValue("attempts", attempts)
          .addKeyValue("reason", reason)
          .addKeyValue("outcome", describe(failure, result))
          .setCause(failure)
          .log();
    }
    if (!listeners.isEmpty()) {
      publish(new RetryEvent.Exhausted(name, attempts, failure, result, reason));
    }
  }

  void aborted(int attempts, @Nullable Throwable failure, @Nullable Object result) {
    if (LOG.isDebugEnabled()) {
      LOG.atDebug()
          .setMessage("abort rule matched, not retrying")
          .addKeyValue("retry", name)
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
    if (LOG.isDebugEnabled()) {
      LOG.atDebug()
          .setMessage("retry budget spent, not retrying")
          .addKeyValue("retry", name)
          .addKeyValue("attempts", attempts)
          .addKeyValue("outcome", describe(failure, result))
          .setCause(failure)
          .log();
    }
    if (!listeners.isEmpty()) {
      publish(new RetryEvent.BudgetExhausted(name, attempts, failure, result));
    }
  }

  void succeededAfterRetries(int attempts, @Nullable Object result) {
    if (!listeners.isEmpty()) {
      publish(new RetryEvent.SucceededAfterRetries(name, attempts, result));
    }
  }

  void interrupted(int attempts) {
    if (LOG.isDebugEnabled()) {
      LOG.atDebug()
          .setMessage("interrupted, not retrying")
          .addKeyValue("retry", name)
          .addKeyValue("attempts", attempts)
          .log();
    }
  }

  private void publish(RetryEvent event) {
    for (RetryListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("retry listener {} failed on {}", listener, event, e);
      }
    }
  }

  private static String describe(@Nullable Throwable failure, @Nullable Object result) {
    return failure != null ? failure.toString() : "result " + result;
  }
}
