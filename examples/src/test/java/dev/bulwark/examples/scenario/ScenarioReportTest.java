package dev.bulwark.examples.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScenarioReportTest {

  private static final URI TARGET = URI.create("http://127.0.0.1:8080/");

  @Test
  void formatsBothTablesTheTransitionsAndTheNotes() {
    ScenarioResult result =
        new ScenarioResult(
            TARGET,
            Duration.ofSeconds(20),
            List.of(
                new TrafficRow("ordinary users", 60, 57, 0, 3, 0, 0, 0, 12_345_678, 104_500_000),
                new TrafficRow("abusive client", 100, 30, 70, 0, 0, 0, 0, 1_000_000, 2_049_999)),
            List.of(
                new TrafficRow("GET /api/search", 157, 87, 70, 0, 0, 0, 0, 1_500_000, 9_950_000),
                new TrafficRow("POST /api/chat", 3, 0, 0, 0, 0, 0, 3, -1, -1)),
            Map.of(),
            List.of(
                new BreakerTransition(Duration.ofMillis(6412), Instant.parse("2026-01-01T00:00:06.412Z"), "chat",
                    "CLOSED", "OPEN", "CONSECUTIVE_FAILURES")),
            List.of("cannot bind source address 127.0.0.11"));

    assertThat(ScenarioReport.format(result))
        .isEqualTo(
            "Scenario: 20 s against http://127.0.0.1:8080/, 160 requests\n"
                + "\n"
                + "Client kind        sent permitted    429    503    400  other failed   p50 ms   p99 ms\n"
                + "ordinary users       60        57      0      3      0      0      0     12.3    104.5\n"
                + "abusive client      100        30     70      0      0      0      0      1.0      2.0\n"
                + "\n"
                + "Route               sent permitted    429    503    400  other failed   p50 ms   p99 ms\n"
                + "GET /api/search      157        87     70      0      0      0      0      1.5     10.0\n"
                + "POST /api/chat         3         0      0      0      0      0      3        -        -\n"
                + "\n"
                + "Circuit breaker transitions\n"
                + "  +6.412 s  chat: CLOSED -> OPEN (CONSECUTIVE_FAILURES)\n"
                + "note: cannot bind source address 127.0.0.11\n");
  }

  @Test
  void saysSoWhenTheBreakerNeverMoved() {
    ScenarioResult result =
        new ScenarioResult(TARGET, Duration.ofSeconds(1), List.of(), List.of(), Map.of(), List.of(), List.of());

    assertThat(ScenarioReport.format(result))
        .endsWith("Circuit breaker transitions\n  none during the run\n")
        .startsWith("Scenario: 1 s against http://127.0.0.1:8080/, 0 requests\n");
  }

  @Test
  void millisecondsHaveOneDecimal() {
    assertThat(ScenarioReport.millis(-1)).isEqualTo("-");
    assertThat(ScenarioReport.millis(0)).isEqualTo("0.0");
    assertThat(ScenarioReport.millis(49_999)).isEqualTo("0.0");
    assertThat(ScenarioReport.millis(2_000_000_000)).isEqualTo("2000.0");
  }

  @Test
  void aRowMustAddUp() {
    assertThatThrownBy(() -> new TrafficRow("x", 5, 1, 1, 1, 1, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the outcomes of x must be >= 0 and add up to sent (5) but were 1 + 1 + 1 + 1 + 0 + 0");
  }
}
