package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.http.BreakerGate;
import dev.bulwark.http.Edge;
import dev.bulwark.http.ErrorBodyWriter;
import dev.bulwark.http.RateLimitKey;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.Route;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The application's exceptions answered with the edge's 500; the principal view over a real server. */
class ApplicationErrorTest {

  private final ManualTicker ticker = new ManualTicker();
  private final CircuitBreaker breaker = CircuitBreaker.builder("app")
      .config(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(2)).build())
      .ticker(ticker).build();
  private EmbeddedJetty jetty;

  @AfterEach
  void stop() throws Exception {
    if (jetty != null) {
      jetty.close();
    }
  }

  @Test
  void anExceptionBecomesTheEnvelopeWith500AndTheBreakerCountsIt() throws Exception {
    Edge edge = Edge.builder().ticker(ticker).errorBodyWriter(ErrorBodyWriter.envelope())
        .securityHeaders(SecurityHeaders.api())
        .clock(Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC))
        .route(Route.builder("/boom").circuitBreaker(BreakerGate.of(breaker)).build()).build();
    jetty = EmbeddedJetty.start("/", context -> {
      context.addFilter(new BulwarkFilter(edge), "/*", EnumSet.of(DispatcherType.REQUEST));
      context.addServlet(new ServletHolder(new LambdaServlet((request, response) -> {
        throw new IllegalStateException("db password is hunter2");
      })), "/*");
    });

    HttpResponse<String> first = Http.get(jetty.port(), "/boom");
    assertThat(first.statusCode()).isEqualTo(500);
    assertThat(first.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(first.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(first.body()).isEqualTo("{\"error\":{\"code\":500,\"message\":\"Internal Server Error\","
        + "\"details\":\"The server could not complete the request.\",\"timestamp\":\"2024-01-01T00:00:00Z\"}}");
    assertThat(first.body()).doesNotContain("hunter2");
    Http.get(jetty.port(), "/boom");
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(Http.get(jetty.port(), "/boom").statusCode()).isEqualTo(503);
  }

  @Test
  void aPrincipalKeyReadsTheContainersUser() throws Exception {
    Edge edge = Edge.builder().ticker(ticker)
        .route(Route.builder("/me").rateLimit(RateLimitGate.of("1/minute").key(RateLimitKey.principal())).build())
        .build();
    jetty = EmbeddedJetty.start("/", context -> {
      // a stand-in for authentication in front of the filter: the user is the X-User header
      context.addFilter(new jakarta.servlet.Filter() {
        @Override
        public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res,
            jakarta.servlet.FilterChain chain) throws java.io.IOException, jakarta.servlet.ServletException {
          HttpServletRequest http = (HttpServletRequest) req;
          String user = http.getHeader("X-User");
          chain.doFilter(new HttpServletRequestWrapper(http) {
            @Override
            public Principal getUserPrincipal() {
              return user == null ? null : () -> user;
            }
          }, res);
        }
      }, "/*", EnumSet.of(DispatcherType.REQUEST));
      context.addFilter(new BulwarkFilter(edge), "/*", EnumSet.of(DispatcherType.REQUEST));
      context.addServlet(new ServletHolder(new LambdaServlet((request, response) -> response.setStatus(204))), "/*");
    });
    assertThat(Http.send(Http.request(jetty.port(), "/me").header("X-User", "alice")).statusCode()).isEqualTo(204);
    assertThat(Http.send(Http.request(jetty.port(), "/me").header("X-User", "alice")).statusCode()).isEqualTo(429);
    assertThat(Http.send(Http.request(jetty.port(), "/me").header("X-User", "bob")).statusCode()).isEqualTo(204);
  }
}
