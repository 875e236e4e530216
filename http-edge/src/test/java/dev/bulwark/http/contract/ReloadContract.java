package dev.bulwark.http.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.ConcurrencyGate;
import dev.bulwark.http.Edge;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.ReloadableEdge;
import dev.bulwark.http.Route;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.Limits;
import dev.bulwark.ratelimit.RateLimit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hot reload over real HTTP: the adapter serves a {@link ReloadableEdge}; a replacement takes
 * effect for the next request, a request in flight finishes on the edge it began on (its
 * concurrency permit goes back to that edge's limiter), and a limiter shared by both edges keeps
 * its count.
 */
public abstract class ReloadContract {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();

  private final ManualTicker ticker = new ManualTicker();
  private final ContractApp app = new ContractApp();
  private final InFlightTracker oldSlow = new InFlightTracker(1, 1);
  private final InFlightTracker newSlow = new InFlightTracker(1, 1);
  private ContractServer server;

  /**
   * Starts the adapter's server on {@code 127.0.0.1}, port 0, serving {@code app} behind the
   * holder's current edge, read per request.
   *
   * @param edges the holder
   * @param app the app
   * @return the running server; closed after the test
   * @throws Exception if it cannot start
   */
  protected abstract ContractServer start(ReloadableEdge edges, ContractApp app) throws Exception;

  private Edge edge(KeyedRateLimiter<String> shared, InFlightTracker slow, String okLimit) {
    return Edge.builder().ticker(ticker)
        .route(Route.builder("/ok").name("ok").rateLimit(RateLimitGate.of(okLimit)).build())
        .route(Route.builder("/api/search").name("search").rateLimit(RateLimitGate.of(shared)).build())
        .route(Route.builder("/slow").name("slow").concurrency(ConcurrencyGate.of(slow)).build())
        .build();
  }

  private int get(String path) {
    return send(path).join().statusCode();
  }

  private CompletableFuture<HttpResponse<String>> send(String path) {
    return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aReplacementServesTheNextRequestAndInFlightRequestsFinishOnTheOldEdge() throws Exception {
    KeyedRateLimiter<String> shared = KeyedRateLimiter.builder(Limits.parse("2/minute").toArray(new RateLimit[0])).ticker(ticker).<String>build();
    ReloadableEdge edges = ReloadableEdge.of(edge(shared, oldSlow, "1/minute"));
    server = start(edges, app);
    assertThat(get("/ok")).isEqualTo(200);
    assertThat(get("/ok")).isEqualTo(429);
    assertThat(get("/api/search")).isEqualTo(200);
    CompletableFuture<HttpResponse<String>> parked = send("/slow");
    assertThat(app.awaitParked(1, WAIT)).isTrue();
    assertThat(oldSlow.inFlight()).isEqualTo(1);

    edges.replace(edge(shared, newSlow, "3/minute"));
    assertThat(get("/ok")).as("a new limit starts full").isEqualTo(200);
    assertThat(get("/api/search")).as("a shared limiter keeps its count").isEqualTo(200);
    assertThat(get("/api/search")).isEqualTo(429);
    CompletableFuture<HttpResponse<String>> second = send("/slow");
    assertThat(app.awaitParked(2, WAIT)).isTrue();
    assertThat(newSlow.inFlight()).as("the new edge's limiter holds none of the old permits").isEqualTo(1);

    app.releaseSlow();
    assertThat(parked.join().statusCode()).isEqualTo(200);
    assertThat(second.join().statusCode()).isEqualTo(200);
    assertThat(oldSlow.awaitIdle(WAIT)).isTrue();
    assertThat(newSlow.awaitIdle(WAIT)).isTrue();
  }

  @AfterEach
  final void close() throws Exception {
    app.releaseSlow();
    if (server != null) {
      server.close();
    }
  }
}
