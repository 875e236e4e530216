package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The value types of a health report check what they hold, and order it. */
class HealthComponentTest {

  static HealthComponent up() {
    return new HealthComponent(HealthStatus.UP, Map.of());
  }

  @Test
  void detailsAreCopiedSortedAndImmutable() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("zeta", "z");
    details.put("alpha", 1);
    details.put("mid", 2.5);
    HealthComponent c = new HealthComponent(HealthStatus.DEGRADED, details);
    details.put("late", false);

    assertThat(c.details()).containsExactly(
        Map.entry("alpha", 1), Map.entry("mid", 2.5), Map.entry("zeta", "z"));
    assertThatThrownBy(() -> c.details().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(HealthReport.of(Map.of("c", c)).toJson()).isEqualTo(
        "{\"status\":\"DEGRADED\",\"components\":{\"c\":{\"status\":\"DEGRADED\","
            + "\"details\":{\"alpha\":1,\"mid\":2.5,\"zeta\":\"z\"}}}}");
  }

  @Test
  void detailsAcceptOnlyPlainJsonValues() {
    assertThatThrownBy(() -> new HealthComponent(HealthStatus.UP, Map.of("big", BigDecimal.ONE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("details value of \"big\" must be a String, Boolean, Integer, Long or Double but was a "
            + "java.math.BigDecimal");
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("x", null);
    assertThatThrownBy(() -> new HealthComponent(HealthStatus.UP, withNull))
        .isInstanceOf(NullPointerException.class).hasMessage("details value");
    assertThatThrownBy(() -> new HealthComponent(null, Map.of()))
        .isInstanceOf(NullPointerException.class).hasMessage("status");
  }

  @Test
  void aReportIsAsHealthyAsItsWorstComponent() {
    HealthComponent degraded = new HealthComponent(HealthStatus.DEGRADED, Map.of());
    HealthComponent down = new HealthComponent(HealthStatus.DOWN, Map.of());
    assertThat(HealthReport.of(Map.of()).status()).isEqualTo(HealthStatus.UP);
    assertThat(HealthReport.of(Map.of("a", up(), "b", degraded)).status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(HealthReport.of(Map.of("a", down, "b", degraded)).status()).isEqualTo(HealthStatus.DOWN);
    assertThat(HealthReport.of(Map.of("b", up(), "a", up())).components().keySet()).containsExactly("a", "b");
    assertThatThrownBy(() -> new HealthReport(HealthStatus.UP, Map.of("a", down)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("status must be the worst component status DOWN but was UP");
    assertThat(HealthStatus.UP.worse(HealthStatus.DOWN)).isEqualTo(HealthStatus.DOWN);
    assertThat(HealthStatus.DOWN.worse(HealthStatus.DEGRADED)).isEqualTo(HealthStatus.DOWN);
  }
}
