package dev.bulwark.spring.boot;

import dev.bulwark.http.HealthReport;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The Actuator health contributor {@code bulwark}: maps whatever report the edge gives (today
 * {@link dev.bulwark.http.EdgeHealth#report()}) with {@link HealthMapping}: DOWN when the report is
 * DOWN (an open breaker), UP otherwise, Bulwark's own status and its components as details. The
 * starter puts it in Boot's {@code readiness} group (not {@code liveness}: an open breaker means
 * "send traffic elsewhere", not "restart me"). Thread-safe; each call takes a new report.
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
