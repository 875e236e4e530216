package dev.bulwark.examples;

import dev.bulwark.http.EdgeHealth;
import dev.bulwark.http.HealthReport;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * {@code GET /health}: the edge's {@link HealthReport} as JSON with its HTTP status (200 for UP and
 * DEGRADED, 503 for DOWN): the breakers and concurrency limiters of the edge's routes, plus what
 * the demo adds as contributors (the chat upstream's breaker, the Redis limits). {@code GET
 * /health/live} and {@code GET /health/ready} serve {@link EdgeHealth#liveness()} and
 * {@link EdgeHealth#readiness()} the same way.
 */
final class HealthHandler implements DemoHandler {

  private final EdgeHealth health;
  private final Function<EdgeHealth, HealthReport> probe;

  HealthHandler(EdgeHealth health) {
    this(health, EdgeHealth::report);
  }

  HealthHandler(EdgeHealth health, Function<EdgeHealth, HealthReport> probe) {
    this.health = health;
    this.probe = probe;
  }

  @Override
  public CompletionStage<DemoResponse> handle(DemoRequest request) {
    HealthReport report = probe.apply(health);
    byte[] body = report.toJson().getBytes(StandardCharsets.UTF_8);
    return CompletableFuture.completedFuture(
        DemoResponse.of(report.httpStatus(), Json.MEDIA_TYPE, body).withHeader("Cache-Control", "no-store"));
  }
}
