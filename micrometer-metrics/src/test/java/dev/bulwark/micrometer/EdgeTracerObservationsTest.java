package dev.bulwark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.EdgeSpan;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.Route;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link EdgeObservations} as the edge's tracer: each request's observation starts when the request
 * begins and stops when it ends, and is the parent of what the handler observes in its scope.
 */
class EdgeTracerObservationsTest {

  private static Edge edge(ManualTicker ticker, EdgeObservations tracing, boolean shadow) {
    var builder = Edge.builder().ticker(ticker).tracer(tracing)
        .route(Route.builder("/api/search").name("search").rateLimit(RateLimitGate.of("1/minute")).build());
    if (shadow) {
      builder.shadow();
    }
    return builder.build();
  }

  @Test
  void theObservationStartsAtBeginIsCurrentInItsScopeAndStopsAtTheEnd() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    StoppedObservations stopped = StoppedObservations.on(registry);
    ManualTicker ticker = new ManualTicker();
    Edge edge = edge(ticker, EdgeObservations.of(registry), false);

    EdgeExchange exchange = edge.begin(TestRequest.get("/api/search?q=a"));
    Observation request = EdgeObservations.observation(exchange);
    assertThat(request).isNotNull();
    assertThat(request.getContext().getName()).isEqualTo(EdgeObservations.REQUEST);
    assertThat(stopped.all()).isEmpty();
    TestObservationRegistryAssert.assertThat(registry).hasObservationWithNameEqualTo(EdgeObservations.REQUEST)
        .that().hasBeenStarted().isNotStopped();

    Observation child;
    try (EdgeSpan.Scope scope = exchange.openScope()) {
      assertThat(registry.getCurrentObservation()).isSameAs(request);
      child = Observation.start("handler.work", registry);
      ticker.advance(Duration.ofMillis(7));
      child.stop();
    }
    assertThat(registry.getCurrentObservation()).isNull();
    assertThat(child.getContext().getParentObservation()).isSameAs(request);
    assertThat(stopped.named(EdgeObservations.REQUEST)).isEmpty();

    exchange.complete(200);
    List<Observation.Context> requests = stopped.named(EdgeObservations.REQUEST);
    assertThat(requests).hasSize(1);
    assertThat(stopped.all()).extracting(Observation.Context::getName)
        .containsExactly("handler.work", EdgeObservations.REQUEST);
    assertThat(requests.get(0).getLowCardinalityKeyValues()).containsExactlyInAnyOrder(
        KeyValue.of(EdgeObservations.ROUTE, "search"), KeyValue.of(EdgeObservations.OUTCOME, "admitted"),
        KeyValue.of(EdgeObservations.GATE, "none"), KeyValue.of(EdgeObservations.STATUS, "200"),
        KeyValue.of(EdgeObservations.METHOD, "GET"));
    assertThat(requests.get(0).getHighCardinalityKeyValues()).containsExactlyInAnyOrder(
        KeyValue.of(EdgeObservations.PATH, "/api/search"),
        KeyValue.of(EdgeObservations.DURATION_NANOS, Long.toString(Duration.ofMillis(7).toNanos())));
    exchange.complete(500); // a second finish changes nothing
    assertThat(stopped.named(EdgeObservations.REQUEST)).hasSize(1);
    TestObservationRegistryAssert.assertThat(registry).doesNotHaveAnyRemainingCurrentObservation();
  }

  @Test
  void aRefusedRequestIsStartedAndStoppedWithItsGateAndHasNoScope() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    StoppedObservations stopped = StoppedObservations.on(registry);
    Edge edge = edge(new ManualTicker(), EdgeObservations.of(registry), false);
    edge.begin(TestRequest.get("/api/search")).complete(200);

    EdgeExchange refused = edge.begin(TestRequest.get("/api/search"));
    assertThat(refused.admitted()).isFalse();
    assertThat(refused.span()).isNull();
    assertThat(refused.openScope()).isSameAs(EdgeSpan.Scope.NONE);
    assertThat(EdgeObservations.observation(refused)).isNull();
    Observation.Context context = stopped.named(EdgeObservations.REQUEST).get(1);
    assertThat(context.getLowCardinalityKeyValues()).containsExactlyInAnyOrder(
        KeyValue.of(EdgeObservations.ROUTE, "search"), KeyValue.of(EdgeObservations.OUTCOME, "rate_limit"),
        KeyValue.of(EdgeObservations.GATE, "rate_limit"), KeyValue.of(EdgeObservations.STATUS, "429"),
        KeyValue.of(EdgeObservations.METHOD, "GET"));
    TestObservationRegistryAssert.assertThat(registry)
        .hasNumberOfObservationsWithNameEqualTo(EdgeObservations.REQUEST, 2)
        .doesNotHaveAnyRemainingCurrentObservation();
  }

  @Test
  void aShadowedRefusalIsAChildOfItsRequest() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    StoppedObservations stopped = StoppedObservations.on(registry);
    Edge edge = edge(new ManualTicker(), EdgeObservations.of(registry), true);
    edge.begin(TestRequest.get("/api/search")).complete(200);
    EdgeExchange second = edge.begin(TestRequest.get("/api/search"));
    Observation request = EdgeObservations.observation(second);
    second.complete(200);

    List<Observation.Context> shadows = stopped.named(EdgeObservations.SHADOW_REJECTED);
    assertThat(shadows).hasSize(1);
    assertThat(shadows.get(0).getParentObservation()).isSameAs(request);
    assertThat(shadows.get(0).getLowCardinalityKeyValues()).containsExactlyInAnyOrder(
        KeyValue.of(EdgeObservations.ROUTE, "search"), KeyValue.of(EdgeObservations.GATE, "rate_limit"),
        KeyValue.of(EdgeObservations.STATUS, "429"));
    assertThat(stopped.named(EdgeObservations.REQUEST))
        .extracting(c -> c.getLowCardinalityKeyValue(EdgeObservations.OUTCOME).getValue())
        .containsExactly("admitted", "admitted");
  }

  @Test
  void theCurrentObservationAtBeginIsTheParent() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    Edge edge = edge(new ManualTicker(), EdgeObservations.of(registry), false);
    Observation server = Observation.start("http.server.requests", registry);
    EdgeExchange exchange;
    try (Observation.Scope scope = server.openScope()) {
      exchange = edge.begin(TestRequest.get("/api/search"));
    }
    // Ended on another thread, outside the server's scope: the parent was taken at begin.
    Thread end = new Thread(() -> exchange.complete(204));
    end.start();
    try {
      end.join();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    server.stop();
    Observation request = EdgeObservations.observation(exchange);
    assertThat(request).isNotNull();
    assertThat(request.getContext().getParentObservation()).isSameAs(server);
    TestObservationRegistryAssert.assertThat(registry).hasObservationWithNameEqualTo(EdgeObservations.REQUEST)
        .that().hasBeenStopped().hasLowCardinalityKeyValue(EdgeObservations.STATUS, "204");
  }

  @Test
  void aNoopRegistryTracesNothing() {
    Edge edge = edge(new ManualTicker(), EdgeObservations.of(ObservationRegistry.NOOP), false);
    EdgeExchange exchange = edge.begin(TestRequest.get("/api/search"));
    assertThat(exchange.span()).isNull();
    assertThat(exchange.openScope()).isSameAs(EdgeSpan.Scope.NONE);
    assertThat(EdgeObservations.observation(exchange)).isNull();
    assertThat(EdgeObservations.observation(null)).isNull();
    exchange.complete(200);
  }
}
