package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.ManualScheduler;
import dev.bulwark.core.ManualTicker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link DemoApp} on a manual clock and scheduler, with a seeded upstream (100 ms, no failures),
 * jitter that draws 0.5 (no jitter at all) and the fixed login token {@code token-1}.
 */
final class DemoFixture {

  static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  static final ObjectMapper MAPPER = new ObjectMapper();

  final ManualTicker ticker = new ManualTicker();
  final ManualScheduler scheduler = new ManualScheduler(ticker);
  final SimulatedUpstream upstream =
      new SimulatedUpstream(scheduler, new Random(42), new UpstreamSettings(0.0, 100));
  final DemoApp app;

  DemoFixture() {
    this(DemoState.none());
  }

  DemoFixture(DemoState state) {
    app =
        DemoApp.builder(scheduler)
            .ticker(ticker)
            .clock(new TickerClock(EPOCH, ticker))
            .upstream(upstream)
            .jitter(() -> 0.5)
            .tokens(() -> "token-1")
            .state(state)
            .build();
  }

  static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new UncheckedIOException(e);
    }
  }

  static DemoRequest.Builder request(String method, String path) {
    return DemoRequest.builder(method, path, address("127.0.0.1"));
  }

  static DemoRequest get(String path, Map<String, String> query) {
    return request("GET", path).query(single(query)).build();
  }

  static DemoRequest post(String path, String contentType, String body) {
    return request("POST", path).body(body.getBytes(StandardCharsets.UTF_8), contentType).build();
  }

  private static Map<String, List<String>> single(Map<String, String> query) {
    return query.entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
  }

  /** Starts the request; returns its future without running the scheduler. */
  CompletableFuture<DemoResponse> start(DemoRequest request) {
    return app.handle(request).toCompletableFuture();
  }

  /** Handles a request, runs what is due now, and returns the (completed) response. */
  DemoResponse call(DemoRequest request) {
    CompletableFuture<DemoResponse> f = start(request);
    scheduler.runDue();
    assertThat(f).as("response to %s", request).isDone();
    return f.join();
  }

  void advance(Duration d) {
    scheduler.advance(d);
  }

  static JsonNode json(DemoResponse response) {
    try {
      return MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
