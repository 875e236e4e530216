package dev.bulwark.examples.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Netty server answers exactly as the servlet app does: the same edge, another adapter. */
class NettyServerExampleTest {

  /** A client per test, as each test starts its own server: no pooled connection outlives its server. */
  private final HttpClient http = HttpClient.newHttpClient();

  private final ManualTicker ticker = new ManualTicker();
  private NettyServerExample server;

  @BeforeEach
  void start() throws InterruptedException {
    server = NettyServerExample.start(ServletAppExample.edge(ticker), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void admittedRequestsReachTheHandlerWithSecurityAndRateLimitHeaders() throws Exception {
    HttpResponse<String> response = get("/api/hello?name=you");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello you");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(response.headers().firstValue("RateLimit-Policy")).hasValue("\"hello\";q=3;w=60");
  }

  @Test
  void anInjectionIsRefusedWith400AndTheFourthRequestWith429() throws Exception {
    assertThat(get("/api/hello?name=a").statusCode()).isEqualTo(200);
    HttpResponse<String> sqli = get("/api/hello?name=1%27%20OR%20%271%27%3D%271");
    assertThat(get("/api/hello?name=b").statusCode()).isEqualTo(200);
    HttpResponse<String> limited = get("/api/hello?name=c");

    assertThat(sqli.statusCode()).isEqualTo(400);
    assertThat(sqli.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("20");

    ticker.advance(Duration.ofSeconds(20));
    assertThat(get("/api/hello?name=d").body()).isEqualTo("hello d");
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
