package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.Route;
import dev.bulwark.micrometer.EdgeObservations;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On Jetty 12, with {@link EdgeObservations} as the edge's tracer, each request's observation is
 * started before the servlet runs, current on the servlet's thread (so the servlet's own observations
 * are its children) and stopped when the exchange ends, synchronous or asynchronous.
 */
class JettyTracingTest {

  private final TestObservationRegistry registry = TestObservationRegistry.create();
  /** The contexts of the observations started and stopped, in order of their start and stop. */
  private final List<Observation.Context> startedContexts = new CopyOnWriteArrayList<>();
  private final Set<Observation.Context> stoppedContexts = ConcurrentHashMap.newKeySet();
  /** Counted down when a request's observation stops (an async exchange may end after the response). */
  private final CountDownLatch requestStopped = new CountDownLatch(1);

  JettyTracingTest() {
    registry.observationConfig().observationHandler(new ObservationHandler<Observation.Context>() {
      @Override
      public boolean supportsContext(Observation.Context context) {
        return true;
      }

      @Override
      public void onStart(Observation.Context context) {
        startedContexts.add(context);
      }

      @Override
      public void onStop(Observation.Context context) {
        stoppedContexts.add(context);
        if (context.getName().equals(EdgeObservations.REQUEST)) {
          requestStopped.countDown();
        }
      }
    });
  }

  private boolean running(Observation.Context context) {
    return startedContexts.contains(context) && !stoppedContexts.contains(context);
  }

  private List<Observation.Context> named(String name) {
    return startedContexts.stream().filter(c -> c.getName().equals(name)).toList();
  }
  /** What the servlet saw: the current observation, its name, whether it had started and stopped. */
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final List<Observation> children = new CopyOnWriteArrayList<>();
  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private EmbeddedJetty jetty;

  @AfterEach
  void stop() throws Exception {
    worker.shutdownNow();
    if (jetty != null) {
      jetty.close();
    }
  }

  private void start(LambdaServlet.Handler handler) throws Exception {
    Edge edge = Edge.builder().tracer(EdgeObservations.of(registry))
        .route(Route.builder("/traced/**").name("traced").rateLimit(RateLimitGate.of("3/minute")).build())
        .build();
    jetty = EmbeddedJetty.start("/", context -> {
      context.addFilter(new BulwarkFilter(edge), "/*", EnumSet.of(DispatcherType.REQUEST));
      ServletHolder servlet = new ServletHolder(new LambdaServlet(handler));
      servlet.setAsyncSupported(true);
      context.addServlet(servlet, "/*");
    });
  }

  /** Records the current observation and starts a child of it, as an instrumented client would. */
  private void observeInHandler() {
    Observation current = registry.getCurrentObservation();
    seen.add(current == null ? "none" : current.getContext().getName());
    Observation child = Observation.start("handler.call", registry);
    children.add(child);
    child.stop();
  }

  private Observation.Context requestContext() {
    return named(EdgeObservations.REQUEST).get(0);
  }

  @Test
  void theRequestObservationIsCurrentInTheServletAndTheParentOfItsObservations() throws Exception {
    start((request, response) -> {
      observeInHandler();
      EdgeExchange exchange = (EdgeExchange) request.getAttribute(BulwarkFilter.EXCHANGE_ATTRIBUTE);
      Observation edgeObservation = EdgeObservations.observation(exchange);
      seen.add(edgeObservation != null && edgeObservation == registry.getCurrentObservation()
          ? "same" : "different");
      seen.add(edgeObservation != null && running(edgeObservation.getContext())
          ? "started, not stopped" : "wrong state");
      response.setStatus(201);
      response.getWriter().write("ok");
    });

    HttpResponse<String> response = Http.get(jetty.port(), "/traced/a");

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(seen).containsExactly(EdgeObservations.REQUEST, "same", "started, not stopped");
    Observation.Context request = requestContext();
    assertThat(stoppedContexts).contains(request);
    assertThat(children).hasSize(1);
    assertThat(children.get(0).getContext().getParentObservation().getContextView()).isSameAs(request);
    TestObservationRegistryAssert.assertThat(registry).hasObservationWithNameEqualTo(EdgeObservations.REQUEST)
        .that().hasBeenStarted().hasBeenStopped()
        .hasLowCardinalityKeyValue(EdgeObservations.ROUTE, "traced")
        .hasLowCardinalityKeyValue(EdgeObservations.OUTCOME, "admitted")
        .hasLowCardinalityKeyValue(EdgeObservations.STATUS, "201")
        .hasLowCardinalityKeyValue(EdgeObservations.METHOD, "GET");
    TestObservationRegistryAssert.assertThat(registry).doesNotHaveAnyRemainingCurrentObservation();
  }

  @Test
  void anAsynchronousRequestsObservationStopsWhenTheResponseCompletes() throws Exception {
    start((request, response) -> {
      observeInHandler();
      EdgeExchange exchange = (EdgeExchange) request.getAttribute(BulwarkFilter.EXCHANGE_ATTRIBUTE);
      Observation parent = EdgeObservations.observation(exchange);
      AsyncContext async = request.startAsync();
      var unused = worker.submit(() -> {
        // Another thread: no scope here; the parent is taken from the exchange.
        Observation later = Observation.createNotStarted("handler.later", registry).parentObservation(parent)
            .start();
        seen.add(running(parent.getContext()) ? "still running" : "not running");
        later.stop();
        response.setStatus(202);
        async.complete();
      });
    });

    HttpResponse<String> response = Http.get(jetty.port(), "/traced/async");

    assertThat(response.statusCode()).isEqualTo(202);
    worker.shutdown();
    assertThat(worker.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(requestStopped.await(10, TimeUnit.SECONDS)).as("the request's observation stopped").isTrue();
    assertThat(seen).containsExactly(EdgeObservations.REQUEST, "still running");
    Observation.Context request = requestContext();
    assertThat(named("handler.later").get(0).getParentObservation().getContextView()).isSameAs(request);
    assertThat(stoppedContexts).contains(request);
    // Micrometer calls onStop in reverse order of registration: this test's handler (which opened
    // the latch) runs before the test registry's own, which marks the context stopped on the
    // completing thread. Wait for that mark, within a bound, instead of racing it.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        TestObservationRegistryAssert.assertThat(registry).hasObservationWithNameEqualTo(EdgeObservations.REQUEST)
            .that().hasBeenStopped().hasLowCardinalityKeyValue(EdgeObservations.STATUS, "202");
        break;
      } catch (AssertionError notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.onSpinWait();
      }
    }
  }

  @Test
  void aRefusedRequestIsObservedAndNeverReachesTheServlet() throws Exception {
    start((request, response) -> observeInHandler());
    for (int i = 0; i < 3; i++) {
      assertThat(Http.get(jetty.port(), "/traced/r").statusCode()).isEqualTo(200);
    }
    assertThat(Http.get(jetty.port(), "/traced/r").statusCode()).isEqualTo(429);

    assertThat(seen).hasSize(3);
    TestObservationRegistryAssert.assertThat(registry)
        .hasNumberOfObservationsWithNameEqualTo(EdgeObservations.REQUEST, 4)
        .hasObservationWithNameEqualTo(EdgeObservations.REQUEST).that().hasBeenStopped();
    assertThat(named(EdgeObservations.REQUEST)).extracting(
        c -> c.getLowCardinalityKeyValue(EdgeObservations.GATE).getValue())
        .containsExactly("none", "none", "none", "rate_limit");
    assertThat(stoppedContexts).containsAll(named(EdgeObservations.REQUEST));
  }
}
