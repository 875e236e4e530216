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
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.Route;
import dev.bulwark.http.contract.InFlightTracker;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.EOFException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The async outcome paths one by one, including those Jetty does not take in the other tests. */
class OutcomeListenerTest {

  private static final HttpServletRequest REQUEST = StubRequest.create("GET", "", "/x", "10.0.0.1");

  private final InFlightTracker inFlight = new InFlightTracker(10, 10);
  private final List<String> outcomes = new CopyOnWriteArrayList<>();
  private final Edge edge = Edge.builder().ticker(new ManualTicker())
      .route(Route.builder("/x").concurrency(ConcurrencyGate.of(inFlight))
          .circuitBreaker(BreakerGate.of(CircuitBreaker.builder("x")
              .config(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(100)).build())
              .listener(event -> {
                if (event instanceof CircuitBreakerEvent.CallSucceeded) {
                  outcomes.add("success");
                } else if (event instanceof CircuitBreakerEvent.CallFailed failed) {
                  outcomes.add("failure " + failed.error());
                }
              })
              .build()))
          .build())
      .build();

  private EdgeExchange begin() {
    EdgeExchange exchange = edge.begin(new ServletEdgeRequest(StubRequest.create("GET", "", "/x", "10.0.0.1")));
    assertThat(exchange.admitted()).isTrue();
    return exchange;
  }

  @Test
  void anErrorFailsTheExchangeWithItsCauseAndTheLaterCompleteIsIgnored() {
    OutcomeListener listener = new OutcomeListener(begin(), REQUEST, StubRequest.response());

    listener.onError(event(new EOFException("client went away")));
    listener.onComplete(event(null));

    assertThat(outcomes).containsExactly("failure java.io.EOFException: client went away");
    assertThat(inFlight.inFlight()).isZero();
  }

  @Test
  void eventsWithoutACauseGetOne() {
    new OutcomeListener(begin(), REQUEST, StubRequest.response()).onError(event(null));
    new OutcomeListener(begin(), REQUEST, StubRequest.response()).onTimeout(event(null));

    assertThat(outcomes).containsExactly(
        "failure java.io.IOException: the asynchronous request failed",
        "failure java.util.concurrent.TimeoutException: the asynchronous request timed out");
    assertThat(inFlight.inFlight()).isZero();
  }

  @Test
  void completionRecordsTheResponseStatusAndImpossibleStatusesAre500() {
    new OutcomeListener(begin(), REQUEST, response(404)).onComplete(event(null));
    new OutcomeListener(begin(), REQUEST, response(0)).onComplete(event(null));

    assertThat(outcomes).containsExactly(
        "success", "failure dev.bulwark.http.ServerErrorException: the handler answered 500");
    assertThat(inFlight.inFlight()).isZero();
  }

  @Test
  void aNewAsyncCycleKeepsTheListenerRegistered() {
    List<AsyncListener> registered = new ArrayList<>();
    AsyncContext context = (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {AsyncContext.class}, (proxy, method, args) -> {
          if (method.getName().equals("addListener")) {
            registered.add((AsyncListener) args[0]);
          }
          return null;
        });
    EdgeExchange exchange = begin();
    OutcomeListener listener = new OutcomeListener(exchange, REQUEST, response(200));

    listener.onStartAsync(new AsyncEvent(context));

    assertThat(registered).containsExactly(listener);
    exchange.cancel();
    assertThat(inFlight.inFlight()).isZero();
  }

  private static AsyncEvent event(Throwable cause) {
    return new AsyncEvent(null, null, null, cause);
  }

  private static HttpServletResponse response(int status) {
    return (HttpServletResponse) Proxy.newProxyInstance(OutcomeListenerTest.class.getClassLoader(),
        new Class<?>[] {HttpServletResponse.class},
        (proxy, method, args) -> method.getName().equals("getStatus") ? status : null);
  }

  /** A response whose only header is {@code Content-Length: length}. */
  private static HttpServletResponse declaring(String length) {
    return (HttpServletResponse) java.lang.reflect.Proxy.newProxyInstance(OutcomeListenerTest.class.getClassLoader(),
        new Class<?>[] {HttpServletResponse.class},
        (proxy, m, args) -> m.getName().equals("getHeader") && "Content-Length".equals(args[0]) ? length : null);
  }

  @Test
  void aRequestThatIsNotJettysFallsBackToTheDeclaredContentLength() {
    assertThat(OutcomeListener.responseBytes(REQUEST, declaring("12"), 200)).isEqualTo(12);
    assertThat(OutcomeListener.responseBytes(REQUEST, declaring(" 7 "), 201)).isEqualTo(7);
    assertThat(OutcomeListener.responseBytes(REQUEST, declaring(null), 200)).isEqualTo(-1);
    assertThat(OutcomeListener.responseBytes(REQUEST, declaring("-3"), 200)).isEqualTo(-1);
    assertThat(OutcomeListener.responseBytes(REQUEST, declaring("twelve"), 200)).isEqualTo(-1);
    assertThat(OutcomeListener.responseBytes(new jakarta.servlet.http.HttpServletRequestWrapper(REQUEST),
        declaring("5"), 200)).as("a wrapper of a request that is not Jetty's").isEqualTo(5);
    // No body by HTTP's rules: 0 whatever is declared.
    assertThat(OutcomeListener.responseBytes(REQUEST, declaring("12"), 204)).isZero();
    assertThat(OutcomeListener.responseBytes(REQUEST, declaring("12"), 304)).isZero();
    assertThat(OutcomeListener.responseBytes(REQUEST, declaring("12"), 101)).isZero();
    assertThat(OutcomeListener.responseBytes(StubRequest.create("HEAD", "", "/x", "10.0.0.1"), declaring("12"), 200))
        .isZero();
  }
}
