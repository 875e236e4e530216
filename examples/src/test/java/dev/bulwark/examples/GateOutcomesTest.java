package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.http.EdgeListener;
import dev.bulwark.http.EdgeOutcome;
import dev.bulwark.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateOutcomesTest {

  private final List<String> passedOn = new ArrayList<>();
  private final GateOutcomes outcomes = new GateOutcomes(new EdgeListener() {
    @Override
    public void requestFinished(String route, EdgeOutcome outcome, int status) {
      passedOn.add(route + " " + outcome + " " + status);
    }

    @Override
    public void violation(String route, Violation.Code code) {
      passedOn.add(route + " " + code);
    }
  });
  private final DemoFixture demo = new DemoFixture();

  private Map<Integer, Long> statuses(String route) {
    return demo.app.routeViews().stream().filter(v -> v.route().equals(route)).findFirst().orElseThrow().statuses();
  }

  @Test
  void gateAnswersAreCountedOnTheRouteEnteredAndEverythingIsPassedOn() {
    outcomes.attach(demo.app);

    outcomes.enter("GET /api/search");
    outcomes.violation("search", Violation.Code.XSS);
    outcomes.requestFinished("search", EdgeOutcome.VALIDATION, 400);
    outcomes.requestFinished("search", EdgeOutcome.RATE_LIMIT, 429);
    outcomes.requestFinished("search", EdgeOutcome.ADMITTED, 200); // the server counts admitted ones
    outcomes.requestFinished("search", EdgeOutcome.FAILED, 500);
    outcomes.requestFinished("search", EdgeOutcome.CANCELLED, 0);
    outcomes.exit();
    outcomes.requestFinished("search", EdgeOutcome.RATE_LIMIT, 429); // no route entered any more

    assertThat(statuses("GET /api/search")).isEqualTo(Map.of(400, 1L, 429, 1L));
    assertThat(passedOn).containsExactly("search XSS", "search VALIDATION 400", "search RATE_LIMIT 429",
        "search ADMITTED 200", "search FAILED 500", "search CANCELLED 0", "search RATE_LIMIT 429");
  }

  @Test
  void requestsForNoRouteOfTheAppAndBeforeTheAppIsAttachedAreOnlyPassedOn() {
    outcomes.enter("GET /api/search");
    outcomes.requestFinished("search", EdgeOutcome.RATE_LIMIT, 429);
    outcomes.exit();
    outcomes.attach(demo.app);
    outcomes.enter(null);
    outcomes.requestFinished("default", EdgeOutcome.RATE_LIMIT, 429);
    outcomes.exit();

    assertThat(statuses("GET /api/search")).isEmpty();
    assertThat(passedOn).hasSize(2);
    assertThatThrownBy(() -> outcomes.attach(demo.app))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("an app was already attached");
  }
}
