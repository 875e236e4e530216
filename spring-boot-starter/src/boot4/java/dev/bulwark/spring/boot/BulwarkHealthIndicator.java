package dev.bulwark.spring.boot;

import dev.bulwark.http.HealthReport;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * An Actuator health contributor over one of the edge's probes: {@code bulwark} maps
 * {@link dev.bulwark.http.EdgeHealth#readiness()} and {@code bulwarkLiveness} maps
 * {@link dev.bulwark.http.EdgeHealth#liveness()}, each with {@link HealthMapping}: DOWN when the
 * report is DOWN, UP otherwise, Bulwark's own status and its components as details. The starter
 * puts the first in Boot's {@code readiness} group and the second in its {@code liveness} group
 * (an open critical breaker means "send traffic elsewhere", not "restart me"). Thread-safe; each
 * call takes a new report.
 */
final class BulwarkHealthIndicator implements HealthIndicator {

  private final Supplier<HealthReport> report;

  BulwarkHealthIndicator(Supplier<HealthReport> report) {
    this.report = Objects.requireNonNull(report, "report");
  }

  @Override
  public Health health() {
    HealthReport now = report.get();
    Health.Builder health = HealthMapping.down(now) ? Health.down() : Health.up();
    return health.withDetails(HealthMapping.details(now)).build();
  }
}
