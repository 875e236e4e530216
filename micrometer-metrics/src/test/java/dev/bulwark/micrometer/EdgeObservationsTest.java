package dev.bulwark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.Route;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link EdgeObservations} through Micrometer's {@link TestObservationRegistry}. */
class EdgeObservationsTest {

  private static Edge edge(ManualTicker ticker, EdgeObservations tracing, boolean shadow) {
    var builder = Edge.builder().ticker(ticker).listener(tracing)
        .route(Route.builder("/api/search").name("search").rateLimit(RateLimitGate.of("1/minute")).build());
    if (shadow) {
      builder.shadow();
    }
    return builder.build();
  }


  @Test
  void eachRequestIsOneObservationWithTheRouteOutcomeAndGate() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    StoppedObservations stopped = StoppedObservations.on(registry);
    ManualTicker ticker = new ManualTicker();
    Edge edge = edge(ticker, EdgeObservations.of(registry), false);

    EdgeExchange admitted = edge.begin(TestRequest.get("/api/search?q=a"));
    ticker.advance(Duration.ofMillis(7));
    admitted.complete(200);
    assertThat(edge.begin(TestRequest.get("/api/search?q=b")).admitted()).isFalse();

    List<Observation.Context> requests = stopped.named(EdgeObservations.REQUEST);
    assertThat(requests).hasSize(2);
    Observation.Context first = requests.get(0);
    assertThat(first.getLowCardinalityKeyValues()).containsExactlyInAnyOrder(
        KeyValue.of(EdgeObservations.ROUTE, "search"), KeyValue.of(EdgeObservations.OUTCOME, "admitted"),
        KeyValue.of(EdgeObservations.GATE, "none"), KeyValue.of(EdgeObservations.STATUS, "200"),
        KeyValue.of(EdgeObservations.METHOD, "GET"));
    assertThat(first.getHighCardinalityKeyValues()).containsExactlyInAnyOrder(
        KeyValue.of(EdgeObservations.PATH, "/api/search"),
        KeyValue.of(EdgeObservations.DURATION_NANOS, Long.toString(Duration.ofMillis(7).toNanos())));
    Observation.Context refused = requests.get(1);
    assertThat(refused.getLowCardinalityKeyValue(EdgeObservations.OUTCOME).getValue()).isEqualTo("rate_limit");
    assertThat(refused.getLowCardinalityKeyValue(EdgeObservations.GATE).getValue()).isEqualTo("rate_limit");
    assertThat(refused.getLowCardinalityKeyValue(EdgeObservations.STATUS).getValue()).isEqualTo("429");
    assertThat(stopped.named(EdgeObservations.SHADOW_REJECTED)).isEmpty();
    TestObservationRegistryAssert.assertThat(registry).doesNotHaveAnyRemainingCurrentObservation()
        .hasNumberOfObservationsWithNameEqualTo(EdgeObservations.REQUEST, 2)
        .hasObservationWithNameEqualTo(EdgeObservations.REQUEST).that().hasBeenStarted().hasBeenStopped()
        .hasLowCardinalityKeyValue(EdgeObservations.ROUTE, "search");
  }

  @Test
  void aShadowedRefusalIsItsOwnObservationAndTheRequestIsAdmitted() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    StoppedObservations stopped = StoppedObservations.on(registry);
    ManualTicker ticker = new ManualTicker();
    Edge edge = edge(ticker, EdgeObservations.of(registry), true);

    edge.begin(TestRequest.get("/api/search")).complete(200);
    edge.begin(TestRequest.get("/api/search")).complete(200);

    List<Observation.Context> shadows = stopped.named(EdgeObservations.SHADOW_REJECTED);
    assertThat(shadows).hasSize(1);
    assertThat(shadows.get(0).getLowCardinalityKeyValues()).containsExactlyInAnyOrder(
        KeyValue.of(EdgeObservations.ROUTE, "search"), KeyValue.of(EdgeObservations.GATE, "rate_limit"),
        KeyValue.of(EdgeObservations.STATUS, "429"));
    assertThat(stopped.named(EdgeObservations.REQUEST))
        .extracting(c -> c.getLowCardinalityKeyValue(EdgeObservations.OUTCOME).getValue())
        .containsExactly("admitted", "admitted");
  }

  @Test
  void theRegistrysCurrentObservationIsTheParent() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    StoppedObservations stopped = StoppedObservations.on(registry);
    Edge edge = edge(new ManualTicker(), EdgeObservations.of(registry), false);
    Observation server = Observation.start("http.server.requests", registry);
    try (Observation.Scope scope = server.openScope()) {
      edge.begin(TestRequest.get("/api/search")).complete(200);
    }
    server.stop();
    Observation.Context request = stopped.named(EdgeObservations.REQUEST).get(0);
    assertThat(request.getParentObservation()).isSameAs(server);
  }

  @Test
  void aNullRegistryIsRefused() {
    org.assertj.core.api.Assertions.assertThatNullPointerException()
        .isThrownBy(() -> EdgeObservations.of(null)).withMessage("registry");
  }
}
