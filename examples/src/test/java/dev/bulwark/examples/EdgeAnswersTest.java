package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualScheduler;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.ReloadableEdge;
import dev.bulwark.http.Route;
import dev.bulwark.http.contract.FakeRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The app's route views add the edge's own answers (its refusals) on the edge route that serves
 * each app route to the answers the app's server wrote: nothing of a route the app does not have,
 * and nothing of the default route, which serves other requests too.
 */
class EdgeAnswersTest {

  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);

  private DemoApp app(Edge edge) {
    return DemoApp.builder(scheduler).ticker(ticker).edge(ReloadableEdge.of(edge)).build();
  }

  private static RouteView view(DemoApp app, String route) {
    return app.routeViews().stream().filter(v -> v.route().equals(route)).findFirst().orElseThrow();
  }

  @Test
  void theEdgesRefusalsAreCountedOnTheAppRouteItsRouteServes() {
    Edge edge = Edge.builder().ticker(ticker).routeStatistics()
        .route(Route.builder("/api/search").name("search").methods("GET").rateLimit(RateLimitGate.of("1/minute")).build())
        .route(Route.builder("/elsewhere").name("elsewhere").rateLimit(RateLimitGate.of("1/minute")).build())
        .build();
    DemoApp app = app(edge);

    edge.begin(FakeRequest.get("/api/search?q=x")).complete(200);
    app.record("GET /api/search", 200); // as the app's server counts what it writes
    edge.begin(FakeRequest.get("/api/search?q=x")); // 429
    edge.begin(FakeRequest.get("/elsewhere")).complete(200);
    edge.begin(FakeRequest.get("/elsewhere")); // 429 on no route of the app
    edge.protocolError(400, "bad request line", false); // the default route's

    assertThat(view(app, "GET /api/search"))
        .isEqualTo(new RouteView("GET /api/search", 1, 1, Map.of(200, 1L, 429, 1L), 0, null));
    assertThat(app.routeViews()).filteredOn(v -> !v.route().equals("GET /api/search"))
        .allSatisfy(v -> assertThat(v.statuses()).isEmpty());
  }

  @Test
  void anEdgeWithoutStatisticsLeavesTheAppsOwnCounts() {
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/api/search").name("search").rateLimit(RateLimitGate.of("1/minute")).build())
        .build();
    DemoApp app = app(edge);

    edge.begin(FakeRequest.get("/api/search")).complete(200);
    edge.begin(FakeRequest.get("/api/search"));
    app.record("GET /api/search", 200);

    assertThat(view(app, "GET /api/search").statuses()).isEqualTo(Map.of(200, 1L));
  }
}
