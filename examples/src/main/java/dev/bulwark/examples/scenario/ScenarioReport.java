package dev.bulwark.examples.scenario;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Formats a {@link ScenarioResult} as the plain-text report the demo prints: a table per client
 * kind, a table per route, the breaker transitions, and the run's notes. Latencies are in
 * milliseconds with one decimal; {@code -} stands for "no answered request". Lines end with
 * {@code \n}.
 */
public final class ScenarioReport {

  private static final String COLUMNS = "%7s %9s %6s %6s %6s %6s %6s %8s %8s";

  private ScenarioReport() {}

  /**
   * Formats a result.
   *
   * @param result the result
   * @return the report
   * @throws NullPointerException if {@code result} is null
   */
  public static String format(ScenarioResult result) {
    Objects.requireNonNull(result, "result");
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Scenario: %d s against %s, %d requests",
        result.duration().toSeconds(), result.target(), result.totalSent())).append("\n\n");
    table(out, "Client kind", result.byKind());
    out.append('\n');
    table(out, "Route", result.byRoute());
    out.append("\nCircuit breaker transitions\n");
    if (result.transitions().isEmpty()) {
      out.append("  none during the run\n");
    }
    for (BreakerTransition t : result.transitions()) {
      out.append(String.format(Locale.ROOT, "  +%.3f s  %s: %s -> %s (%s)",
          t.sinceStart().toNanos() / 1e9, t.breaker(), t.from(), t.to(), t.reason())).append('\n');
    }
    for (String note : result.notes()) {
      out.append("note: ").append(note).append('\n');
    }
    return out.toString();
  }

  private static void table(StringBuilder out, String title, List<TrafficRow> rows) {
    int width = title.length();
    for (TrafficRow r : rows) {
      width = Math.max(width, r.name().length());
    }
    String nameColumn = "%-" + width + "s  ";
    out.append(String.format(Locale.ROOT, nameColumn + COLUMNS,
        title, "sent", "permitted", "429", "503", "400", "other", "failed", "p50 ms", "p99 ms")).append('\n');
    for (TrafficRow r : rows) {
      out.append(String.format(Locale.ROOT, nameColumn + COLUMNS,
          r.name(), r.sent(), r.permitted(), r.tooManyRequests(), r.unavailable(), r.badRequest(),
          r.other(), r.failed(), millis(r.p50Nanos()), millis(r.p99Nanos()))).append('\n');
    }
  }

  /** Nanoseconds as milliseconds with one decimal, or {@code -} for none (negative). */
  static String millis(long nanos) {
    return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.1f", nanos / 1_000_000.0);
  }
}
