package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.http.EdgeEvent;
import dev.bulwark.http.EdgeGate;
import dev.bulwark.http.EdgeOutcome;
import dev.bulwark.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class GateOutcomesTest {

  private final List<EdgeEvent> passedOn = new ArrayList<>();
  private final GateOutcomes outcomes = new GateOutcomes(passedOn::add);
  private final DemoFixture demo = new DemoFixture();

  private Map<Integer, Long> statuses(String route) {
    return demo.app.routeViews().stream().filter(v -> v.route().equals(route)).findFirst().orElseThrow().statuses();
  }

  private static EdgeEvent finished(String method, String path, EdgeOutcome outcome, int status,
      @Nullable EdgeGate gate) {
    return new EdgeEvent.RequestFinished("search", "10.0.0.1", "10.0.0.1", method, path, outcome, status, 0, -1,
        -1, gate);
  }

  @Test
  void gateAnswersAreCountedOnTheRouteOfTheirMethodAndPathAndEverythingIsPassedOn() {
    outcomes.attach(demo.app);
    List<EdgeEvent> events = List.of(
        new EdgeEvent.ViolationFound("search", "10.0.0.1", "10.0.0.1", "GET", "/api/search", Violation.Code.XSS, "q"),
        finished("GET", "/api/search", EdgeOutcome.VALIDATION, 400, EdgeGate.VALIDATION),
        finished("GET", "/api/search", EdgeOutcome.RATE_LIMIT, 429, EdgeGate.RATE_LIMIT),
        finished("GET", "/api/search", EdgeOutcome.ADMITTED, 200, null), // the server counts admitted ones
        finished("GET", "/api/search", EdgeOutcome.FAILED, 500, null),
        finished("GET", "/api/search", EdgeOutcome.CANCELLED, 0, null),
        finished("POST", "/api/search", EdgeOutcome.RATE_LIMIT, 429, EdgeGate.RATE_LIMIT)); // no route of the app

    events.forEach(outcomes::onEvent);

    assertThat(statuses("GET /api/search")).isEqualTo(Map.of(400, 1L, 429, 1L));
    assertThat(passedOn).isEqualTo(events);
  }

  @Test
  void requestsForNoRouteOfTheAppAndBeforeTheAppIsAttachedAreOnlyPassedOn() {
    outcomes.onEvent(finished("GET", "/api/search", EdgeOutcome.RATE_LIMIT, 429, EdgeGate.RATE_LIMIT));
    outcomes.attach(demo.app);
    outcomes.onEvent(finished("GET", "/nowhere", EdgeOutcome.RATE_LIMIT, 429, EdgeGate.RATE_LIMIT));

    assertThat(statuses("GET /api/search")).isEmpty();
    assertThat(passedOn).hasSize(2);
    assertThatThrownBy(() -> outcomes.attach(demo.app))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("an app was already attached");
  }
}
