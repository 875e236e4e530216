package dev.bulwark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.EdgeSpan;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.Route;
import dev.bulwark.retry.Retry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.testing.time.TestClock;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The observations become OpenTelemetry spans through {@code micrometer-tracing-bridge-otel}, exported
 * to the SDK's in-memory exporter with their key values as attributes.
 */
class OtelTracingTest {

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final ObservationRegistry registry = ObservationRegistry.create();

  OtelTracingTest() {
    OtelTracer tracer =
        new OtelTracer(provider.get("bulwark-test"), new OtelCurrentTraceContext(), event -> { });
    registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
  }

  @AfterEach
  void close() {
    provider.close();
  }

  private List<SpanData> spans(String name) {
    return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name))
        .collect(Collectors.toList());
  }

  private static String attribute(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  @Test
  void edgeRequestsAreSpansWithTheirAttributesUnderTheServerSpan() {
    Edge edge = Edge.builder().ticker(new ManualTicker()).listener(EdgeObservations.of(registry))
        .route(Route.builder("/api/search").name("search").rateLimit(RateLimitGate.of("1/minute")).build())
        .build();
    Observation server = Observation.start("http.server.requests", registry);
    try (Observation.Scope scope = server.openScope()) {
      edge.begin(TestRequest.get("/api/search?q=a")).complete(200);
      assertThat(edge.begin(TestRequest.get("/api/search?q=b")).admitted()).isFalse();
    }
    server.stop();

    List<SpanData> requests = spans("bulwark edge search");
    assertThat(requests).hasSize(2);
    SpanData refused = requests.get(1);
    assertThat(attribute(refused, EdgeObservations.ROUTE)).isEqualTo("search");
    assertThat(attribute(refused, EdgeObservations.OUTCOME)).isEqualTo("rate_limit");
    assertThat(attribute(refused, EdgeObservations.GATE)).isEqualTo("rate_limit");
    assertThat(attribute(refused, EdgeObservations.STATUS)).isEqualTo("429");
    assertThat(attribute(refused, EdgeObservations.PATH)).isEqualTo("/api/search");
    assertThat(attribute(requests.get(0), EdgeObservations.OUTCOME)).isEqualTo("admitted");
    SpanData serverSpan = spans("http.server.requests").get(0);
    assertThat(requests).allSatisfy(span -> {
      assertThat(span.getTraceId()).isEqualTo(serverSpan.getTraceId());
      assertThat(span.getParentSpanId()).isEqualTo(serverSpan.getSpanId());
    });
  }

  @Test
  void aTracedRequestsSpanCoversItsHandlerAndIsTheParentOfTheHandlersSpans() {
    TestClock clock = TestClock.create();
    InMemorySpanExporter timed = InMemorySpanExporter.create();
    try (SdkTracerProvider timedProvider = SdkTracerProvider.builder().setClock(clock)
        .addSpanProcessor(SimpleSpanProcessor.create(timed)).build()) {
      ObservationRegistry traced = ObservationRegistry.create();
      traced.observationConfig().observationHandler(new DefaultTracingObservationHandler(
          new OtelTracer(timedProvider.get("bulwark-test"), new OtelCurrentTraceContext(), event -> { })));
      ManualTicker ticker = new ManualTicker();
      Edge edge = Edge.builder().ticker(ticker).tracer(EdgeObservations.of(traced))
          .route(Route.builder("/api/search").name("search").build()).build();

      Observation server = Observation.start("http.server.requests", traced);
      EdgeExchange exchange;
      try (Observation.Scope scope = server.openScope()) {
        exchange = edge.begin(TestRequest.get("/api/search"));
        try (EdgeSpan.Scope handler = exchange.openScope()) {
          Observation work = Observation.start("handler.work", traced);
          clock.advance(Duration.ofMillis(40));
          ticker.advance(Duration.ofMillis(40));
          work.stop();
        }
        clock.advance(Duration.ofMillis(2));
        ticker.advance(Duration.ofMillis(2));
        exchange.complete(200);
      }
      server.stop();

      List<SpanData> finished = timed.getFinishedSpanItems();
      SpanData request = finished.stream().filter(s -> s.getName().equals("bulwark edge search")).findFirst()
          .orElseThrow();
      SpanData work = finished.stream().filter(s -> s.getName().equals("handler.work")).findFirst().orElseThrow();
      SpanData serverSpan = finished.stream().filter(s -> s.getName().equals("http.server.requests")).findFirst()
          .orElseThrow();
      assertThat(request.getEndEpochNanos() - request.getStartEpochNanos())
          .isEqualTo(Duration.ofMillis(42).toNanos());
      assertThat(work.getStartEpochNanos()).isGreaterThanOrEqualTo(request.getStartEpochNanos());
      assertThat(work.getEndEpochNanos()).isLessThanOrEqualTo(request.getEndEpochNanos());
      assertThat(work.getParentSpanId()).isEqualTo(request.getSpanId());
      assertThat(request.getParentSpanId()).isEqualTo(serverSpan.getSpanId());
      assertThat(attribute(request, EdgeObservations.STATUS)).isEqualTo("200");
      assertThat(attribute(request, EdgeObservations.OUTCOME)).isEqualTo("admitted");
      assertThat(attribute(request, EdgeObservations.DURATION_NANOS))
          .isEqualTo(Long.toString(Duration.ofMillis(42).toNanos()));
    }
  }

  @Test
  void retryAttemptsAreSpansWithTheirAttributesAndError() {
    ManualTicker ticker = new ManualTicker();
    Retry retry = Retry.builder().name("payments").maxAttempts(2).sleeper(ticker.sleeper())
        .listener(ResilienceObservations.of(registry).retryListener()).build();
    assertThatThrownBy(() -> retry.call(() -> {
      throw new IOException("down");
    })).isInstanceOf(IOException.class);

    List<SpanData> failed = spans("bulwark retry payments attempt_failed");
    assertThat(failed).hasSize(1);
    assertThat(attribute(failed.get(0), ResilienceObservations.PRIMITIVE)).isEqualTo("payments");
    assertThat(attribute(failed.get(0), ResilienceObservations.OUTCOME)).isEqualTo("retry");
    assertThat(attribute(failed.get(0), ResilienceObservations.ATTEMPT)).isEqualTo("1");
    SpanData exhausted = spans("bulwark retry payments exhausted").get(0);
    assertThat(attribute(exhausted, ResilienceObservations.OUTCOME)).isEqualTo("failure");
    assertThat(exhausted.getStatus().getStatusCode())
        .isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
  }
}
