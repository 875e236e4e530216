package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.Route;
import jakarta.servlet.DispatcherType;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routes see the path inside the application, and every spelling that the container maps to a
 * route's path meets that route's gates.
 */
class ContextPathTest {

  private EmbeddedJetty jetty;

  @BeforeEach
  void start() throws Exception {
    Edge edge = Edge.builder().ticker(new ManualTicker())
        .route(Route.builder("/api/search").name("search").rateLimit(RateLimitGate.of("1/minute")).build())
        .build();
    jetty = EmbeddedJetty.start("/app", context -> {
      context.addFilter(new BulwarkFilter(edge), "/*", EnumSet.of(DispatcherType.REQUEST));
      context.addServlet(new ServletHolder(new LambdaServlet((req, res) ->
          ContractServlet.text(res, req.getServletPath() + req.getPathInfo()))), "/api/*");
    });
  }

  @AfterEach
  void stop() throws Exception {
    jetty.close();
  }

  @Test
  void theContextPathIsNotPartOfTheRoutedPath() {
    HttpResponse<String> first = Http.get(jetty.port(), "/app/api/search");
    HttpResponse<String> second = Http.get(jetty.port(), "/app/api/search");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("/api/search");
    assertThat(first.headers().firstValue("RateLimit")).hasValue("\"search\";r=0;t=60");
    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.body()).contains("\"instance\":\"/api/search\"");
  }

  @Test
  void otherSpellingsOfTheSamePathMeetTheSameLimit() {
    assertThat(Http.get(jetty.port(), "/app/api/search").statusCode()).isEqualTo(200);

    for (String spelling : new String[] {
        "/app/api/%73earch", "/app/x/../api/search", "/%61pp/api/search", "/app/api/search;p=1"}) {
      HttpResponse<String> r = Http.get(jetty.port(), spelling);
      assertThat(r.statusCode()).as(spelling).isEqualTo(429);
    }
  }
}
