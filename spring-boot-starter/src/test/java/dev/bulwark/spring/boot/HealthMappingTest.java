package dev.bulwark.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.HealthComponent;
import dev.bulwark.http.HealthReport;
import dev.bulwark.http.HealthStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bulwark's health statuses as Actuator sees them: only DOWN is down; the rest are details. */
class HealthMappingTest {

  private static HealthReport report(HealthStatus breaker, HealthStatus limiter) {
    return HealthReport.of(Map.of(
        "breaker:llm", new HealthComponent(breaker, Map.of("state", "x", "remaining_open_ms", 5L)),
        "concurrency:api", new HealthComponent(limiter, Map.of("in_flight", 9, "limit", 10))));
  }

  @Test
  void degradedServesSoItIsUpWithBulwarksStatusAsADetail() {
    HealthReport degraded = report(HealthStatus.UP, HealthStatus.DEGRADED);
    assertThat(HealthMapping.down(degraded)).isFalse();
    assertThat(HealthMapping.details(degraded)).containsEntry("edge", "DEGRADED")
        .containsEntry("concurrency:api", Map.of("status", "DEGRADED", "details", Map.of("in_flight", 9, "limit", 10)))
        .containsEntry("breaker:llm", Map.of("status", "UP", "details", Map.of("state", "x", "remaining_open_ms", 5L)));
  }

  @Test
  void downIsDown() {
    HealthReport down = report(HealthStatus.DOWN, HealthStatus.DEGRADED);
    assertThat(HealthMapping.down(down)).isTrue();
    assertThat(HealthMapping.details(down)).containsEntry("edge", "DOWN");
  }

  @Test
  void anEdgeWithNoComponentIsUp() {
    HealthReport empty = HealthReport.of(Map.of());
    assertThat(HealthMapping.down(empty)).isFalse();
    assertThat(HealthMapping.details(empty)).containsExactly(Map.entry("edge", "UP"));
  }
}
