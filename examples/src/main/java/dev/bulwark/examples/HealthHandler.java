package dev.bulwark.examples;

import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeHealth;
import dev.bulwark.http.HealthReport;
import dev.bulwark.http.ReloadableEdge;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /health}: the {@link HealthReport} of the edge the server runs now as JSON with its
 * HTTP status (200 for UP and DEGRADED, 503 for DOWN): the breakers and concurrency limiters of the
 * edge's routes, plus what the demo adds as contributors (the chat upstream's breaker, the Redis
 * limits). {@code GET /health/live} and {@code GET /health/ready} serve
 * {@link EdgeHealth#liveness()} and {@link EdgeHealth#readiness()} the same way.
 */
final class HealthHandler implements DemoHandler {

  private final Supplier<EdgeHealth> health;
  private final Function<EdgeHealth, HealthReport> probe;

  HealthHandler(Supplier<EdgeHealth> health, Function<EdgeHealth, HealthReport> probe) {
    this.health = health;
    this.probe = probe;
  }

  @Override
  public CompletionStage<DemoResponse> handle(DemoRequest request) {
    HealthReport report = probe.apply(health.get());
    byte[] body = report.toJson().getBytes(StandardCharsets.UTF_8);
    return CompletableFuture.completedFuture(
        DemoResponse.of(report.httpStatus(), Json.MEDIA_TYPE, body).withHeader("Cache-Control", "no-store"));
  }

  /**
   * The health of the edge a {@link ReloadableEdge} holds now: built for each new edge when first
   * asked after a reload, so the probes follow the configuration. Thread-safe: two threads that
   * see a new edge at once may both build its (equivalent) health; one is kept.
   */
  static final class Current implements Supplier<EdgeHealth> {

    private record Built(Edge edge, EdgeHealth health) {}

    private final ReloadableEdge edges;
    private final Function<Edge, EdgeHealth> build;
    private volatile @Nullable Built built;

    Current(ReloadableEdge edges, Function<Edge, EdgeHealth> build) {
      this.edges = edges;
      this.build = build;
    }

    @Override
    public EdgeHealth get() {
      Edge edge = edges.current();
      Built b = built;
      if (b == null || b.edge() != edge) {
        b = new Built(edge, build.apply(edge));
        built = b;
      }
      return b.health();
    }
  }
}
