package dev.bulwark.circuitbreaker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A listener that renders every event as a short string, for exact assertions on what happened. */
final class EventLog implements CircuitBreakerListener {

  private final List<String> lines = new ArrayList<>();
  private final boolean callsToo;

  private EventLog(boolean callsToo) {
    this.callsToo = callsToo;
  }

  /** Records every event. */
  static EventLog all() {
    return new EventLog(true);
  }

  /** Records transitions only. */
  static EventLog transitions() {
    return new EventLog(false);
  }

  @Override
  public synchronized void onEvent(CircuitBreakerEvent event) {
    if (event instanceof CircuitBreakerEvent.StateTransition) {
      CircuitBreakerEvent.StateTransition t = (CircuitBreakerEvent.StateTransition) event;
      String rates = t.failureRate() < 0 ? "" : " failureRate=" + t.failureRate();
      rates += t.slowCallRate() < 0 ? "" : " slowCallRate=" + t.slowCallRate();
      lines.add(t.from() + "->" + t.to() + " " + t.reason() + rates);
      return;
    }
    if (!callsToo) {
      return;
    }
    if (event instanceof CircuitBreakerEvent.CallPermitted) {
      lines.add("permitted " + ((CircuitBreakerEvent.CallPermitted) event).state());
    } else if (event instanceof CircuitBreakerEvent.CallRejected) {
      CircuitBreakerEvent.CallRejected r = (CircuitBreakerEvent.CallRejected) event;
      lines.add("rejected " + r.state() + " " + millis(r.retryAfterNanos()));
    } else if (event instanceof CircuitBreakerEvent.CallSucceeded) {
      CircuitBreakerEvent.CallSucceeded s = (CircuitBreakerEvent.CallSucceeded) event;
      lines.add("success " + s.state() + " " + millis(s.durationNanos()) + (s.slow() ? " slow" : ""));
    } else if (event instanceof CircuitBreakerEvent.CallFailed) {
      CircuitBreakerEvent.CallFailed f = (CircuitBreakerEvent.CallFailed) event;
      Throwable error = f.error();
      lines.add(
          "failure " + f.state() + " " + millis(f.durationNanos()) + (f.slow() ? " slow" : "")
              + (error == null ? " (result)" : " " + error.getMessage()));
    } else if (event instanceof CircuitBreakerEvent.ErrorIgnored) {
      CircuitBreakerEvent.ErrorIgnored i = (CircuitBreakerEvent.ErrorIgnored) event;
      lines.add("ignored " + i.state() + " " + millis(i.durationNanos()) + " " + i.error().getMessage());
    }
  }

  private static String millis(long nanos) {
    return nanos < 0 ? "?" : TimeUnit.NANOSECONDS.toMillis(nanos) + "ms";
  }

  /** Returns the lines so far and forgets them. */
  synchronized List<String> drain() {
    List<String> copy = List.copyOf(lines);
    lines.clear();
    return copy;
  }
}
