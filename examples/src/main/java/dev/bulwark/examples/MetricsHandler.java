package dev.bulwark.examples;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /metrics}: every meter of the registry in the Prometheus text exposition format
 * (version 0.0.4): the edge's requests and violations, each limiter and breaker of its routes, and
 * the chat pipeline's breaker and retry.
 */
final class MetricsHandler implements DemoHandler {

  /** The Prometheus text format's media type. */
  static final String MEDIA_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  MetricsHandler(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public CompletionStage<DemoResponse> handle(DemoRequest request) {
    byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
    return CompletableFuture.completedFuture(DemoResponse.of(200, MEDIA_TYPE, body));
  }
}
