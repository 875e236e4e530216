package dev.bulwark.retry;

import dev.bulwark.core.internal.FanOut;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports how a hedge's calls go: builds events for its listeners (only when there is one), counts
 * outcomes (only when the hedge was built with statistics), and logs at DEBUG on the module's logger
 * {@code dev.bulwark.retry} (hedges started, budget refusals). A call that ends before its first
 * hedge is never logged. Listener failures are caught and logged at WARN.
 */
final class HedgeNotifier {

  private static final Logger LOG = LoggerFactory.getLogger("dev.bulwark.retry");

  private final String name;
  private final List<HedgeListener> listeners;
  private final @Nullable HedgeCounts counts;
  private final Optional<HedgeCounts> stats;

  HedgeNotifier(String name, List<HedgeListener> listeners, boolean recordStats) {
    this.name = name;
    this.listeners = List.copyOf(listeners);
    this.counts = recordStats ? new HedgeCounts() : null;
    this.stats = Optional.ofNullable(counts);
  }

  Optional<HedgeCounts> stats() {
    return stats;
  }

  /** The common path: a call ended before its first hedge. */
  void unhedged(boolean succeeded) {
    HedgeCounts c = counts;
    if (c != null) {
      if (succeeded) {
        c.recordSuccess();
      } else {
        c.record(HedgeOutcome.FAILURE);
      }
    }
  }

  void started(int attempt, long sinceStartNanos) {
    HedgeCounts c = counts;
    if (c != null) {
      c.recordHedge();
    }
    LOG.atDebug()
        .setMessage("hedge '{}': attempt {} started {} ms after the call")
        .addArgument(name)
        .addArgument(attempt)
        .addArgument(sinceStartNanos / 1_000_000)
        .addKeyValue("event", "hedge_started")
        .addKeyValue("name", name)
        .addKeyValue("attempt", attempt)
        .log();
    if (!listeners.isEmpty()) {
      publish(new HedgeEvent.Started(name, attempt, Duration.ofNanos(sinceStartNanos)));
    }
  }

  void budgetExhausted(int attempt) {
    HedgeCounts c = counts;
    if (c != null) {
      c.recordBudgetRefusal();
    }
    LOG.atDebug()
        .setMessage("hedge '{}': the retry budget refused attempt {}")
        .addArgument(name)
        .addArgument(attempt)
        .addKeyValue("event", "hedge_budget_exhausted")
        .addKeyValue("name", name)
        .log();
    if (!listeners.isEmpty()) {
      publish(new HedgeEvent.BudgetExhausted(name, attempt));
    }
  }

  void won(int winner, int attempts) {
    HedgeCounts c = counts;
    if (c != null) {
      c.record(winner == 1 ? HedgeOutcome.PRIMARY_WON : HedgeOutcome.HEDGE_WON);
    }
    if (!listeners.isEmpty()) {
      publish(new HedgeEvent.Won(name, winner, attempts));
    }
  }

  void allFailed(int attempts, Throwable failure) {
    HedgeCounts c = counts;
    if (c != null) {
      c.record(HedgeOutcome.ALL_FAILED);
    }
    if (!listeners.isEmpty()) {
      publish(new HedgeEvent.Failed(name, attempts, failure));
    }
  }

  private void publish(HedgeEvent event) {
    FanOut.deliver(listeners, event, HedgeListener::onEvent, this::listenerFailed);
  }

  private void listenerFailed(HedgeListener listener, HedgeEvent event, RuntimeException e) {
    LOG.atWarn()
        .setMessage("hedge '{}': listener {} threw on {}")
        .addArgument(name)
        .addArgument(listener)
        .addArgument(event)
        .addKeyValue("event", "hedge_listener_failed")
        .addKeyValue("name", name)
        .setCause(e)
        .log();
  }
}
