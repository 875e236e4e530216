package dev.bulwark.examples.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServletAppExampleTest {

  /** A client per test, as each test starts its own server: no pooled connection outlives its server. */
  private final HttpClient http = HttpClient.newHttpClient();

  private final ManualTicker ticker = new ManualTicker();
  private Server server;

  @BeforeEach
  void start() throws Exception {
    server = ServletAppExample.start(ServletAppExample.edge(ticker), 0);
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  @Test
  void admittedRequestsReachTheServletWithSecurityAndRateLimitHeaders() throws Exception {
    HttpResponse<String> response = get(http, server, "/api/hello?name=you");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello you");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(response.headers().firstValue("RateLimit-Policy")).hasValue("\"hello\";q=3;w=60");
    assertThat(response.headers().firstValue("Server")).isEmpty();
  }

  @Test
  void anInjectionIsRefusedWith400AndTheFourthRequestWith429() throws Exception {
    assertThat(get(http, server, "/api/hello?name=a").statusCode()).isEqualTo(200);
    HttpResponse<String> xss = get(http, server, "/api/hello?name=" + encode("<script>alert(1)</script>"));
    assertThat(get(http, server, "/api/hello?name=b").statusCode()).isEqualTo(200);
    HttpResponse<String> limited = get(http, server, "/api/hello?name=c");

    assertThat(xss.statusCode()).isEqualTo(400);
    assertThat(xss.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(xss.body()).contains("XSS");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("20");   // 3/minute: one per 20 s
    assertThat(limited.body()).contains("\"status\":429").doesNotContain("hello c");

    ticker.advance(Duration.ofSeconds(20));
    assertThat(get(http, server, "/api/hello?name=d").statusCode()).isEqualTo(200);
  }

  static HttpResponse<String> get(HttpClient http, Server server, String pathAndQuery) throws Exception {
    URI uri = server.getURI().resolve(pathAndQuery);
    return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
