package dev.bulwark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeEvent;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.EdgeSpan;
import dev.bulwark.http.EdgeTracer;
import dev.bulwark.http.contract.FakeRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A loader's tracer traces every request of each edge it loads, from begin to the end. */
class EdgeTracerConfigTest {

  @Test
  void theLoadedEdgeStartsASpanAtBeginAndEndsItWhenTheRequestEnds() {
    ManualTicker ticker = new ManualTicker();
    List<String> traced = new ArrayList<>();
    EdgeTracer tracer = (route, method, path) -> {
      traced.add("start " + route + " " + method + " " + path);
      return new EdgeSpan() {
        @Override
        public Scope open() {
          return Scope.NONE;
        }

        @Override
        public void end(EdgeEvent.RequestFinished finished) {
          traced.add("end " + finished.route() + " " + finished.status() + " " + finished.durationNanos());
        }
      };
    };
    EdgeConfigLoader loader = EdgeConfigLoader.builder().ticker(ticker).edgeTracer(tracer).build();
    Edge edge = loader.fromYaml("routes: [{name: a, pattern: /a, rateLimit: 1/minute}]").edge();

    EdgeExchange exchange = edge.begin(FakeRequest.get("/a"));
    assertThat(traced).containsExactly("start a GET /a");
    ticker.advance(Duration.ofMillis(3));
    exchange.complete(201);
    edge.begin(FakeRequest.get("/a"));

    assertThat(traced).containsExactly("start a GET /a", "end a 201 3000000", "start a GET /a", "end a 429 0");
    // Each load builds a new edge with the same tracer.
    Edge reloaded = loader.fromYaml("routes: [{name: b, pattern: /b}]").edge();
    assertThat(reloaded.begin(FakeRequest.get("/b")).span()).isNotNull();
    assertThat(traced).endsWith("start b GET /b");
    assertThatThrownBy(() -> EdgeConfigLoader.builder().edgeTracer(tracer).edgeTracer(tracer))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("edgeTracer was already set to ");
  }
}
