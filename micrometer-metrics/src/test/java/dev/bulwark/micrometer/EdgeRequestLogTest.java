package dev.bulwark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.ConcurrencyGate;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.RequestIds;
import dev.bulwark.http.RequestLog;
import dev.bulwark.http.Route;
import dev.bulwark.testlog.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The request log events of http-edge ({@code dev.bulwark.http}): slow requests at two thresholds,
 * once per request, and refusals under their documented bound, on a manual ticker (checked here,
 * where slf4j output is captured exactly).
 */
class EdgeRequestLogTest {

  private final ManualTicker ticker = new ManualTicker();

  private Edge edge(RequestLog log) {
    return Edge.builder().ticker(ticker).requestLog(log)
        .route(Route.builder("/api/search").name("search").rateLimit(RateLimitGate.of("1/hour")).build())
        .route(Route.builder("/ws").name("ws").concurrency(ConcurrencyGate.of(1, 10)).build())
        .route(Route.builder("/report").name("report").build())
        .build();
  }

  private void take(Edge edge, String path, Duration duration, int status) {
    EdgeExchange e = edge.begin(TestRequest.get(path));
    ticker.advance(duration);
    e.complete(status);
  }

  @Test
  void aSlowRequestIsLoggedOnceAtWarnOrErrorByItsRoutesThresholds() {
    Edge edge = edge(RequestLog.builder()
        .slowRequests("report", Duration.ofSeconds(20), Duration.ofSeconds(60)).build());
    try (LogCapture logs = LogCapture.start()) {
      take(edge, "/ws", Duration.ofMillis(2999), 200);
      take(edge, "/ws", Duration.ofSeconds(3), 200);
      take(edge, "/ws", Duration.ofMillis(5250), 504);
      take(edge, "/report", Duration.ofSeconds(10), 200);
      take(edge, "/report", Duration.ofSeconds(21), 200);
      EdgeExchange twice = edge.begin(TestRequest.get("/elsewhere"));
      ticker.advance(Duration.ofSeconds(4));
      twice.complete(200);
      twice.complete(200);
      twice.fail(new IllegalStateException());

      assertThat(logs.lines("dev.bulwark.http")).containsExactly(
          "WARN event=slow_request severity=warn route=ws method=GET path=/ws status=200 duration_ms=3000 threshold_ms=3000",
          "ERROR event=slow_request severity=critical route=ws method=GET path=/ws status=504 duration_ms=5250 threshold_ms=5000",
          "WARN event=slow_request severity=warn route=report method=GET path=/report status=200 duration_ms=21000 threshold_ms=20000",
          "WARN event=slow_request severity=warn route=default method=GET path=/elsewhere status=200 duration_ms=4000 threshold_ms=3000");
    }
  }

  @Test
  void rejectionsAreLoggedWithGateClientKeyAndReasonUpToTheBoundThenCountedAsSuppressed() {
    Edge edge = edge(RequestLog.builder().rejectionsPerSecond(2).build());
    EdgeExchange held = edge.begin(TestRequest.get("/ws"));
    edge.begin(TestRequest.get("/api/search")).complete(200);
    try (LogCapture logs = LogCapture.start()) {
      edge.begin(TestRequest.get("/api/search")); // 429
      edge.begin(TestRequest.get("/ws"));         // 503: one per client
      for (int i = 0; i < 1000; i++) {             // a flood within the same instant
        edge.begin(TestRequest.get("/api/search"));
      }
      ticker.advance(Duration.ofMillis(500));     // one event's worth of refill
      edge.begin(TestRequest.get("/api/search"));
      edge.begin(TestRequest.get("/api/search"));

      assertThat(logs.lines("dev.bulwark.http")).containsExactly(
          "WARN event=request_rejected route=search gate=rate_limit reason=rate_limit_exceeded status=429 client_key=203.0.113.7 suppressed=0",
          "WARN event=request_rejected route=ws gate=concurrency reason=connection_limit_exceeded status=503 client_key=203.0.113.7 suppressed=0",
          "WARN event=request_rejected route=search gate=rate_limit reason=rate_limit_exceeded status=429 client_key=203.0.113.7 suppressed=1000");
    }
    held.complete(200);
  }

  @Test
  void theBoundHoldsOverTimeAndZeroTurnsRejectionEventsOff() {
    Edge edge = edge(RequestLog.builder().rejectionsPerSecond(10).build());
    edge.begin(TestRequest.get("/api/search")).complete(200);
    List<Integer> perSecond = new ArrayList<>();
    try (LogCapture logs = LogCapture.start()) {
      for (int second = 0; second < 5; second++) {
        int before = logs.lines("dev.bulwark.http").size();
        for (int i = 0; i < 1000; i++) {
          edge.begin(TestRequest.get("/api/search"));
          ticker.advance(Duration.ofMillis(1));
        }
        perSecond.add(logs.lines("dev.bulwark.http").size() - before);
      }
    }
    assertThat(perSecond.get(0)).isEqualTo(19); // the burst of 10, then one per 100 ms: within 10 * (1 + 1)
    assertThat(perSecond.subList(1, 5)).allSatisfy(n -> assertThat(n).isEqualTo(10));

    Edge silent = edge(RequestLog.builder().rejectionsPerSecond(0).build());
    silent.begin(TestRequest.get("/api/search")).complete(200);
    try (LogCapture logs = LogCapture.start()) {
      silent.begin(TestRequest.get("/api/search"));
      assertThat(logs.lines("dev.bulwark.http")).isEmpty();
    }
  }

  @Test
  void theRequestIdIsInBothEvents() {
    Edge edge = Edge.builder().ticker(ticker).requestLog(RequestLog.defaults()).requestIds(RequestIds.standard())
        .route(Route.builder("/api/search").name("search").rateLimit(RateLimitGate.of("1/hour")).build())
        .build();
    try (LogCapture logs = LogCapture.start()) {
      take(edge, "/api/search", Duration.ofSeconds(6), 200);
      edge.begin(TestRequest.get("/api/search"));

      assertThat(logs.entries()).hasSize(2);
      assertThat(logs.entries()).allSatisfy(e ->
          assertThat((String) e.value("request_id")).matches("[0-9a-f]{8}-00000000000[12]"));
    }
  }

  @Test
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> RequestLog.builder().slowRequests(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
    assertThatThrownBy(() -> RequestLog.builder().slowRequests(Duration.ofSeconds(5), Duration.ofSeconds(3)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT3S");
    assertThatThrownBy(() -> RequestLog.builder().rejectionsPerSecond(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestLog.builder().rejectionsPerSecond(1).rejectionsPerSecond(2))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> RequestLog.builder().slowRequests("a", Duration.ofSeconds(1), Duration.ofSeconds(2))
        .slowRequests("a", Duration.ofSeconds(1), Duration.ofSeconds(2))).isInstanceOf(IllegalStateException.class);
    RequestLog unknownRoute = RequestLog.builder().slowRequests("nope", Duration.ofSeconds(1), Duration.ofSeconds(2)).build();
    assertThatThrownBy(() -> edge(unknownRoute)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    assertThat(RequestLog.defaults().slowRequests("any"))
        .isEqualTo(new RequestLog.Thresholds(Duration.ofSeconds(3), Duration.ofSeconds(5)));
  }
}
