package dev.bulwark.http;

import java.util.Locale;
import java.util.EnumMap;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Reports the refusals that a route's gates in shadow mode would have made: an
 * {@link EdgeEvent.ShadowRejected} to the edge's listener and the request's span (built only when
 * there is one of them) and an
 * {@code edge_shadow_rejected} INFO log line, rate-limited per route and gate.
 *
 * <h2>Why and how the log is rate-limited</h2>
 * A shadowed limit under the traffic it is meant to stop would refuse thousands of requests a
 * second; one line each would drown the log and cost more than the request. So for each gate of a
 * route at most one line is written per {@link #LOG_INTERVAL_NANOS} on the edge's ticker, and it
 * carries {@code suppressed}, the shadow refusals of that gate not logged since the previous line.
 * Counting them is one atomic add; the interval check is one read, and a compare-and-set only for
 * the thread that writes the line. The listener (and so the meters) sees every refusal.
 *
 * <p>Made only for a route with at least one shadowed gate. Thread-safe, lock-free.
 */
final class ShadowReports {

  /** The shortest time between two log lines of one route and gate: 10 seconds, in nanoseconds. */
  static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

  /** The next log time of a gate that has logged nothing yet. */
  private static final long NEVER = Long.MIN_VALUE;

  private final EnumMap<EdgeGate, GateLog> logs = new EnumMap<>(EdgeGate.class);

  ShadowReports() {
    for (EdgeGate gate : EdgeGate.values()) {
      logs.put(gate, new GateLog());
    }
  }

  /** The log state of one gate: when it may log next, and what it did not log since. */
  private static final class GateLog {
    final AtomicLong nextLogNanos = new AtomicLong(NEVER);
    final AtomicLong suppressed = new AtomicLong();
  }

  /**
   * Reports that {@code gate} of {@code route} would have refused the request with {@code status}.
   * A listener's exception is logged and swallowed, as for every edge event.
   */
  void report(CompiledRoute route, @Nullable RequestContext context, EdgeGate gate, int status) {
    EdgeListener listener = route.config.listener();
    EdgeSpan span = context == null ? null : context.span();
    if (context != null && (listener != null || span != null)) {
      EdgeEvent.ShadowRejected event = new EdgeEvent.ShadowRejected(route.name, context.clientAddress,
          context.clientKey, context.method, context.path, gate, status);
      EdgeEvents.tell(span, route, event);
      EdgeEvents.notify(listener, route, event);
    }
    log(route, gate, status);
  }

  private void log(CompiledRoute route, EdgeGate gate, int status) {
    GateLog state = Objects.requireNonNull(logs.get(gate));
    long now = route.config.ticker().read();
    long next = state.nextLogNanos.get();
    boolean due = next == NEVER || now - next >= 0;
    if (!due || !EdgeEvents.LOG.isInfoEnabled()
        || !state.nextLogNanos.compareAndSet(next, now + LOG_INTERVAL_NANOS)) {
      state.suppressed.incrementAndGet();
      return;
    }
    long skipped = state.suppressed.getAndSet(0);
    String gateName = gate.name().toLowerCase(Locale.ROOT);
    EdgeEvents.LOG.atInfo()
        .setMessage("route '{}': the shadowed {} gate would have refused a request with {} ({} more not logged)")
        .addArgument(route.name)
        .addArgument(gateName)
        .addArgument(status)
        .addArgument(skipped)
        .addKeyValue("event", "edge_shadow_rejected")
        .addKeyValue("route", route.name)
        .addKeyValue("gate", gateName)
        .addKeyValue("status", status)
        .addKeyValue("suppressed", skipped)
        .log();
  }

  /** The shadow refusals of {@code gate} counted but not logged since the last line, for tests. */
  long suppressed(EdgeGate gate) {
    return Objects.requireNonNull(logs.get(gate)).suppressed.get();
  }
}
