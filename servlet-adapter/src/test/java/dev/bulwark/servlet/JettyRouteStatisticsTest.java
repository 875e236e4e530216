package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeGate;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.Route;
import dev.bulwark.http.RouteStatistics;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Route statistics through the servlet filter on Jetty 12: the application's statuses (synchronous
 * and asynchronous), the edge's refusals, and nothing left in flight. A refusal is counted before
 * the client has it; an admitted request when the filter finishes its exchange, which may follow
 * the client's receipt by a moment, so those counts are awaited (an event, not a duration).
 */
class JettyRouteStatisticsTest {

  private final ManualTicker ticker = new ManualTicker();
  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private EmbeddedJetty jetty;

  @AfterEach
  void stop() throws Exception {
    worker.shutdownNow();
    if (jetty != null) {
      jetty.close();
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Http.WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }

  @Test
  void theFilterCountsTheApplicationsStatusesAndTheEdgesRefusals() throws Exception {
    Edge edge = Edge.builder().ticker(ticker).routeStatistics()
        .route(Route.builder("/api").name("api").rateLimit(RateLimitGate.of("2/minute")).build())
        .route(Route.builder("/async").name("async").build())
        .build();
    jetty = EmbeddedJetty.start("/", context -> {
      context.addFilter(new BulwarkFilter(edge), "/*", EnumSet.of(DispatcherType.REQUEST));
      ServletHolder servlet = new ServletHolder(new LambdaServlet((req, res) -> {
        if (req.getRequestURI().equals("/async")) {
          AsyncContext async = req.startAsync();
          worker.execute(() -> {
            ((HttpServletResponse) async.getResponse()).setStatus(202);
            async.complete();
          });
        } else {
          res.setStatus(201);
        }
      }));
      servlet.setAsyncSupported(true);
      context.addServlet(servlet, "/*");
    });
    RouteStatistics api = edge.routeFor("GET", "/api").statistics().orElseThrow();
    RouteStatistics async = edge.routeFor("GET", "/async").statistics().orElseThrow();

    assertThat(Http.get(jetty.port(), "/api").statusCode()).isEqualTo(201);
    assertThat(Http.get(jetty.port(), "/api").statusCode()).isEqualTo(201);
    assertThat(Http.get(jetty.port(), "/api").statusCode()).isEqualTo(429);
    assertThat(api.refused(EdgeGate.RATE_LIMIT)).isEqualTo(1); // there before the client had it
    assertThat(Http.get(jetty.port(), "/async").statusCode()).isEqualTo(202);

    await("both admitted /api requests finished", () -> api.admitted() == 2);
    await("the async request finished", () -> async.admitted() == 1);
    assertThat(api.statuses()).isEqualTo(Map.of(201, 2L, 429, 1L));
    assertThat(api.edgeStatuses()).isEqualTo(Map.of(429, 1L));
    assertThat(api.inFlight()).isZero();
    assertThat(async.statuses()).isEqualTo(Map.of(202, 1L));
    assertThat(async.inFlight()).isZero();
  }
}
