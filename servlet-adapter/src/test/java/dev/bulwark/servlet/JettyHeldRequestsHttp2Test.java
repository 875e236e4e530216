package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.http.ConcurrencyGate;
import dev.bulwark.http.Edge;
import dev.bulwark.http.Route;
import dev.bulwark.http.contract.InFlightTracker;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.HTTP2Session;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Held asynchronous requests over HTTP/2 (h2c, prior knowledge): Jetty reads an HTTP/2 connection
 * all the time, so a stream reset or a closed connection is a failure of the request as soon as it
 * arrives, and the permits come back then, without waiting for an idle timeout.
 */
class JettyHeldRequestsHttp2Test {

  private final InFlightTracker inFlight = new InFlightTracker(1, 1);
  private final CountDownLatch parked = new CountDownLatch(1);
  /** For /slow: Jetty reported the request's failure (to the application's own core listener). */
  private final CountDownLatch failed = new CountDownLatch(1);
  /** For /slow: lets the handler return, after it went asynchronous. */
  private final CountDownLatch returnNow = new CountDownLatch(1);
  private final AtomicReference<AsyncContext> held = new AtomicReference<>();
  private final HTTP2Client client = new HTTP2Client();
  private EmbeddedJetty jetty;

  private void start(BulwarkFilter filter) throws Exception {
    jetty = EmbeddedJetty.start("/", context -> {
      context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
      ServletHolder servlet = new ServletHolder(new LambdaServlet((req, res) -> {
        if (req.getRequestURI().equals("/answer")) {
          res.setStatus(204);
          return;
        }
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        held.set(async);
        if (req.getRequestURI().equals("/slow")) {
          ServletContextRequest.getServletContextRequest(req).addFailureListener(failure -> failed.countDown());
          parked.countDown();
          await(returnNow);
          return;
        }
        parked.countDown();
      }));
      servlet.setAsyncSupported(true);
      context.addServlet(servlet, "/*");
    }, server -> ((ServerConnector) server.getConnectors()[0])
        .addConnectionFactory(new HTTP2CServerConnectionFactory(new HttpConfiguration())));
    client.start();
  }

  private static Edge edge(InFlightTracker inFlight) {
    return Edge.builder()
        .route(Route.builder("/**").name("held").concurrency(ConcurrencyGate.of(inFlight)).build())
        .build();
  }

  @AfterEach
  void stop() throws Exception {
    returnNow.countDown();
    AsyncContext async = held.get();
    if (async != null) {
      try {
        async.complete();
      } catch (IllegalStateException ended) {
        // Ended by the test already.
      }
    }
    client.stop();
    if (jetty != null) {
      jetty.close();
    }
  }

  @Test
  void aStreamResetGivesThePermitBackAtOnceAndTheConnectionServesOn() throws Exception {
    start(new BulwarkFilter(edge(inFlight)));
    Session session = connect();
    Stream stream = open(session, "/hold");
    awaitParked();
    assertThat(inFlight.inFlight()).isEqualTo(1);

    stream.reset(new ResetFrame(stream.getId(), ErrorCode.CANCEL_STREAM_ERROR.code)).get(10, TimeUnit.SECONDS);

    assertThat(inFlight.awaitIdle(Http.WAIT)).as("the permit came back").isTrue();
    assertThat(status(session, "/answer")).isEqualTo(204);
  }

  @Test
  void aConnectionClosedWithoutGoAwayGivesThePermitBackAtOnce() throws Exception {
    // Not session.close(): a GOAWAY lets the streams in flight finish, as HTTP/2 says.
    start(new BulwarkFilter(edge(inFlight)));
    Session session = connect();
    open(session, "/hold");
    awaitParked();

    ((HTTP2Session) session).getEndPoint().close();

    assertThat(inFlight.awaitIdle(Http.WAIT)).as("the permit came back").isTrue();
  }

  @Test
  void withHeldRequestsKeptAStreamResetStillEndsTheRequestThroughTheServletApi() throws Exception {
    // Jetty reports the reset to the application (AsyncListener.onError), which the filter hears
    // whatever HeldRequests says.
    start(new BulwarkFilter(edge(inFlight)).withHeldRequests(HeldRequests.KEEP));
    Session session = connect();
    Stream stream = open(session, "/hold");
    awaitParked();

    stream.reset(new ResetFrame(stream.getId(), ErrorCode.CANCEL_STREAM_ERROR.code)).get(10, TimeUnit.SECONDS);

    assertThat(inFlight.awaitIdle(Http.WAIT)).as("the permit came back").isTrue();
  }

  @Test
  void aStreamResetWhileTheHandlerStillRunsGivesThePermitBackWhenItReturns() throws Exception {
    // Jetty tells the application's AsyncListener only of a failure that comes while the request
    // waits: one that comes during the first dispatch is remembered by the filter.
    start(new BulwarkFilter(edge(inFlight)));
    Session session = connect();
    Stream stream = open(session, "/slow");
    awaitParked();
    stream.reset(new ResetFrame(stream.getId(), ErrorCode.CANCEL_STREAM_ERROR.code)).get(10, TimeUnit.SECONDS);
    assertThat(failed.await(Http.WAIT.toSeconds(), TimeUnit.SECONDS)).as("Jetty reported the reset").isTrue();

    returnNow.countDown();

    assertThat(inFlight.awaitIdle(Http.WAIT)).as("the permit came back").isTrue();
  }

  @Test
  void withHeldRequestsKeptAStreamResetWhileTheHandlerStillRunsIsLostUntilTheApplicationCompletes()
      throws Exception {
    start(new BulwarkFilter(edge(inFlight)).withHeldRequests(HeldRequests.KEEP));
    Session session = connect();
    Stream stream = open(session, "/slow");
    awaitParked();
    stream.reset(new ResetFrame(stream.getId(), ErrorCode.CANCEL_STREAM_ERROR.code)).get(10, TimeUnit.SECONDS);
    assertThat(failed.await(Http.WAIT.toSeconds(), TimeUnit.SECONDS)).as("Jetty reported the reset").isTrue();

    returnNow.countDown();

    assertThat(inFlight.awaitIdle(java.time.Duration.ofSeconds(2))).as("Jetty's semantics: held").isFalse();
    held.get().complete();
    assertThat(inFlight.awaitIdle(Http.WAIT)).isTrue();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(Http.WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Session connect() throws Exception {
    InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), jetty.port());
    return client.connect(server, new Session.Listener() { }).get(10, TimeUnit.SECONDS);
  }

  private Stream open(Session session, String path) throws Exception {
    return session.newStream(headers(path), new Stream.Listener() { }).get(10, TimeUnit.SECONDS);
  }

  private HeadersFrame headers(String path) {
    MetaData.Request request = new MetaData.Request(
        "GET", HttpURI.from("http://127.0.0.1:" + jetty.port() + path), HttpVersion.HTTP_2, HttpFields.EMPTY);
    return new HeadersFrame(request, null, true);
  }

  /** The status of a request on its own stream of {@code session}. */
  private int status(Session session, String path) throws Exception {
    CompletableFuture<Integer> status = new CompletableFuture<>();
    session.newStream(headers(path), new Stream.Listener() {
      @Override
      public void onHeaders(Stream stream, HeadersFrame frame) {
        if (frame.getMetaData() instanceof MetaData.Response response) {
          status.complete(response.getStatus());
        }
      }
    }).get(10, TimeUnit.SECONDS);
    return status.get(10, TimeUnit.SECONDS);
  }

  private void awaitParked() throws InterruptedException {
    assertThat(parked.await(Http.WAIT.toSeconds(), TimeUnit.SECONDS)).as("the handler ran").isTrue();
  }
}
