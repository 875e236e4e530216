package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.CircuitBreakerEvent;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.BreakerGate;
import dev.bulwark.http.ConcurrencyGate;
import dev.bulwark.http.Edge;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.Route;
import dev.bulwark.http.contract.InFlightTracker;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Asynchronous servlets: the exchange is finished when the async response ends, however it ends. */
class ServletAsyncTest {

  private final ManualTicker ticker = new ManualTicker();
  private final InFlightTracker inFlight = new InFlightTracker(10, 10);
  private final List<String> outcomes = new CopyOnWriteArrayList<>();
  private final CircuitBreaker breaker = CircuitBreaker.builder("async")
      .config(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(100)).build())
      .ticker(ticker)
      .listener(event -> {
        if (event instanceof CircuitBreakerEvent.CallSucceeded) {
          outcomes.add("success");
        } else if (event instanceof CircuitBreakerEvent.CallFailed failed) {
          outcomes.add("failure " + failed.error());
        }
      })
      .build();
  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private EmbeddedJetty jetty;

  private void start(EnumSet<DispatcherType> dispatches, LambdaServlet.Handler handler) throws Exception {
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/async").name("async").rateLimit(RateLimitGate.of("1/minute"))
            .concurrency(ConcurrencyGate.of(inFlight)).circuitBreaker(BreakerGate.of(breaker)).build())
        .build();
    jetty = EmbeddedJetty.start("/", context -> {
      context.addFilter(new BulwarkFilter(edge), "/*", dispatches);
      ServletHolder servlet = new ServletHolder(new LambdaServlet(handler));
      servlet.setAsyncSupported(true);
      context.addServlet(servlet, "/*");
    });
  }

  @AfterEach
  void stop() throws Exception {
    worker.shutdownNow();
    if (jetty != null) {
      jetty.close();
    }
  }

  private void awaitIdle() throws InterruptedException {
    assertThat(inFlight.awaitIdle(Http.WAIT)).as("the exchange was finished").isTrue();
    assertThat(inFlight.trackedKeys()).isZero();
  }

  @Test
  void anAsyncResponseIsRecordedWithTheStatusItCompletedWith() throws Exception {
    start(EnumSet.of(DispatcherType.REQUEST), (req, res) -> {
      AsyncContext async = req.startAsync();
      worker.execute(() -> {
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        response.setStatus(201);
        async.complete();
      });
    });

    HttpResponse<String> r = Http.get(jetty.port(), "/async");

    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue("RateLimit")).hasValue("\"async\";r=0;t=60");
    awaitIdle();
    assertThat(outcomes).containsExactly("success");
  }

  @Test
  void anAsyncSendErrorOf5xxIsAFailure() throws Exception {
    start(EnumSet.of(DispatcherType.REQUEST), (req, res) -> {
      AsyncContext async = req.startAsync();
      worker.execute(() -> {
        try {
          ((HttpServletResponse) async.getResponse()).sendError(503);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          async.complete();
        }
      });
    });

    assertThat(Http.get(jetty.port(), "/async").statusCode()).isEqualTo(503);

    awaitIdle();
    assertThat(outcomes).containsExactly("failure dev.bulwark.http.ServerErrorException: the handler answered 503");
  }

  @Test
  void anAsyncTimeoutIsAFailure() throws Exception {
    // Not 1 ms: a timeout that expires while the dispatch is still returning left Jetty's request
    // unanswered once in a CI run (the client timed out after 10 s). 200 ms expires well after the
    // dispatch returns; the test asserts no time, only the outcome.
    start(EnumSet.of(DispatcherType.REQUEST), (req, res) -> req.startAsync().setTimeout(200));

    assertThat(Http.get(jetty.port(), "/async").statusCode()).isEqualTo(500);

    awaitIdle();
    assertThat(outcomes).containsExactly(
        "failure java.util.concurrent.TimeoutException: the asynchronous request timed out");
  }

  @Test
  void anAsyncDispatchPassesThroughWithoutASecondExchange() throws Exception {
    // The route allows 1 request per minute: a second exchange for the dispatch would be refused.
    start(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), (req, res) -> {
      if (req.getDispatcherType() == DispatcherType.REQUEST) {
        req.startAsync().dispatch();
      } else {
        ContractServlet.text(res, "dispatched");
      }
    });

    HttpResponse<String> r = Http.get(jetty.port(), "/async");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("dispatched");
    assertThat(r.headers().allValues("RateLimit")).containsExactly("\"async\";r=0;t=60");
    awaitIdle();
    assertThat(outcomes).containsExactly("success");
  }

  @Test
  void anExceptionInAnAsyncDispatchIsAFailure() throws Exception {
    start(EnumSet.of(DispatcherType.REQUEST), (req, res) -> {
      if (req.getDispatcherType() == DispatcherType.REQUEST) {
        req.startAsync().dispatch();
      } else {
        throw new IllegalStateException("boom in dispatch");
      }
    });

    assertThat(Http.get(jetty.port(), "/async").statusCode()).isEqualTo(500);

    // Jetty answers the exception with a 500 and completes the async cycle (no onError).
    awaitIdle();
    assertThat(outcomes).containsExactly("failure dev.bulwark.http.ServerErrorException: the handler answered 500");
  }

  @Test
  void aClientThatGoesAwayMidAsyncLeaksNothing() throws Exception {
    CountDownLatch parked = new CountDownLatch(1);
    AtomicReference<AsyncContext> held = new AtomicReference<>();
    start(EnumSet.of(DispatcherType.REQUEST), (req, res) -> {
      AsyncContext async = req.startAsync();
      async.setTimeout(0);
      held.set(async);
      parked.countDown();
    });
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), jetty.port())) {
      OutputStream out = socket.getOutputStream();
      out.write("GET /async HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(parked.await(Http.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(inFlight.inFlight()).isEqualTo(1);
      socket.setSoLinger(true, 0); // reset, so that writing to it fails
    }

    // Jetty notices the reset only when the application writes; the application's write fails and
    // it completes the request, which finishes the exchange.
    AsyncContext async = held.get();
    IOException writeFailure = null;
    try {
      OutputStream body = async.getResponse().getOutputStream();
      for (int i = 0; i < 1_000; i++) {
        body.write(new byte[64 * 1024]);
      }
    } catch (IOException e) {
      writeFailure = e;
    } finally {
      async.complete();
    }

    assertThat(writeFailure).isNotNull();
    awaitIdle();
    assertThat(outcomes).hasSize(1);
  }

  @Test
  void aRefusedRequestNeverStartsAnything() throws Exception {
    start(EnumSet.of(DispatcherType.REQUEST), (req, res) -> res.setStatus(204));
    assertThat(Http.get(jetty.port(), "/async").statusCode()).isEqualTo(204);

    HttpResponse<String> refused = Http.get(jetty.port(), "/async");

    assertThat(refused.statusCode()).isEqualTo(429);
    awaitIdle();
    assertThat(outcomes).containsExactly("success");
    assertThat(refused.body()).contains("\"status\":429");
  }
}
