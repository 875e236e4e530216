package dev.bulwark.spring.boot;

import dev.bulwark.http.HealthComponent;
import dev.bulwark.http.HealthReport;
import dev.bulwark.http.HealthStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps a Bulwark {@link HealthReport} to what an Actuator health indicator reports, the same on
 * every Boot line: the status is {@code DOWN} when the report is (an open breaker: Actuator then
 * answers 503, as {@link HealthReport#httpStatus()} does), {@code UP} otherwise; Bulwark's own status
 * ({@code UP}, {@code DEGRADED}, {@code DOWN}, or any status http-edge adds) is the detail
 * {@code edge}, and each component ({@code breaker:<name>}, {@code concurrency:<name>}, contributors)
 * a detail of its name holding its status and details. {@code DEGRADED} stays UP because Actuator's
 * status order would rank an unknown status above DOWN; it serves, so a probe must pass.
 */
final class HealthMapping {

  private HealthMapping() {}

  /** Returns true when the report means the edge does not work. */
  static boolean down(HealthReport report) {
    return report.status() == HealthStatus.DOWN;
  }

  /** Returns the details: {@code edge} (Bulwark's status) and one entry per component. */
  static Map<String, Object> details(HealthReport report) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("edge", report.status().name());
    for (Map.Entry<String, HealthComponent> component : report.components().entrySet()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("status", component.getValue().status().name());
      one.put("details", component.getValue().details());
      details.put(component.getKey(), one);
    }
    return details;
  }
}
