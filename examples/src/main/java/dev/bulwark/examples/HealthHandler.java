package dev.bulwark.examples;

import dev.bulwark.http.EdgeHealth;
import dev.bulwark.http.HealthReport;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /health}: the edge's {@link HealthReport} as JSON with its HTTP status (200 for UP and
 * DEGRADED, 503 for DOWN): the breakers and concurrency limiters of the edge's routes, plus what
 * the demo adds as contributors (the chat upstream's breaker, the Redis limits).
 */
final class HealthHandler implements DemoHandler {

  private final EdgeHealth health;

  HealthHandler(EdgeHealth health) {
    this.health = health;
  }

  @Override
  public CompletionStage<DemoResponse> handle(DemoRequest request) {
    HealthReport report = health.report();
    byte[] body = report.toJson().getBytes(StandardCharsets.UTF_8);
    return CompletableFuture.completedFuture(
        DemoResponse.of(report.httpStatus(), Json.MEDIA_TYPE, body).withHeader("Cache-Control", "no-store"));
  }
}
