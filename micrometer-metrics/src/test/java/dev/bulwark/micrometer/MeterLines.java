package dev.bulwark.micrometer;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Renders a registry's meters as sorted lines {@code name{k=v,...} value} for exact assertions; a
 * timer or function timer as {@code count=<n> total=<ms>ms}, a distribution summary as
 * {@code count=<n> total=<amount>}.
 */
final class MeterLines {

  private MeterLines() {}

  static List<String> render(MeterRegistry registry) {
    return registry.getMeters().stream()
        .map(MeterLines::render)
        .sorted(Comparator.naturalOrder())
        .collect(Collectors.toList());
  }

  static List<String> render(MeterRegistry registry, String name) {
    return render(registry).stream().filter(line -> line.startsWith(name + "{")).collect(Collectors.toList());
  }

  /**
   * Drops the lines of transitions that never happened: a bound breaker has a transition series at
   * 0 for every pair it can make (18), and a test names the ones it caused.
   */
  static List<String> happened(List<String> lines) {
    return lines.stream()
        .filter(line -> !(line.startsWith("bulwark.circuitbreaker.transitions{") && line.endsWith("} 0.0")))
        .filter(line -> !(line.startsWith("bulwark_circuitbreaker_transitions_total{") && line.endsWith("} 0.0")))
        .collect(Collectors.toList());
  }

  private static String render(Meter meter) {
    Meter.Id id = meter.getId();
    String tags =
        id.getTags().stream().map(t -> t.getKey() + "=" + t.getValue()).collect(Collectors.joining(","));
    String value;
    if (meter instanceof Timer) {
      Timer timer = (Timer) meter;
      value = "count=" + timer.count() + " total=" + (long) timer.totalTime(TimeUnit.MILLISECONDS) + "ms";
    } else if (meter instanceof DistributionSummary) {
      DistributionSummary summary = (DistributionSummary) meter;
      value = "count=" + summary.count() + " total=" + (long) summary.totalAmount();
    } else if (meter instanceof FunctionTimer) {
      FunctionTimer timer = (FunctionTimer) meter;
      value = "count=" + (long) timer.count() + " total=" + (long) timer.totalTime(TimeUnit.MILLISECONDS) + "ms";
    } else {
      value = String.valueOf(meter.measure().iterator().next().getValue());
    }
    return id.getName() + "{" + tags + "} " + value;
  }
}
