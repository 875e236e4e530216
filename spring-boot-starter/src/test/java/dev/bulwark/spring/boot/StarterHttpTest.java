package dev.bulwark.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.circuitbreaker.CircuitBreakerRegistry;
import dev.bulwark.config.LoadedConfig;
import dev.bulwark.core.Pipeline;
import dev.bulwark.http.Edge;
import dev.bulwark.spring.boot.example.ExampleApplication;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * The example application on embedded Tomcat, configured only by application.yml, driven over real
 * HTTP: each test uses its own route, so the shared context's limits and breakers do not interfere.
 */
// flaky is critical: readiness goes DOWN while its breaker is open. Set here, not in application.yml,
// because tests that replace the route list (profile tight, command lines) have no route flaky.
@SpringBootTest(classes = ExampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "bulwark.health.criticalRoutes[0]=flaky")
class StarterHttpTest {

  @LocalServerPort
  int port;

  @Autowired
  ApplicationContext context;

  @Autowired
  ExampleApplication.ExampleController controller;

  private Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  @Test
  void aRouteOverItsLimitAnswers429WithRetryAfterRateLimitFieldsAndProblemJson() {
    assertThat(http.get("/api/limited").statusCode()).isEqualTo(200);
    HttpResponse<String> second = http.get("/api/limited");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).isEqualTo("limited ok");
    assertThat(second.headers().firstValue("RateLimit")).hasValueSatisfying(v -> assertThat(v).contains("r=0"));

    HttpResponse<String> refused = http.get("/api/limited");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
    assertThat(refused.headers().firstValue("RateLimit")).isPresent();
    assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValueSatisfying(v -> assertThat(v).contains("q=2"));
    assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(refused.body()).contains("\"status\":429");
  }

  @Test
  void securityHeadersAreSentAndTheCspNonceReachesTheController() {
    HttpResponse<String> page = http.get("/page");
    assertThat(page.statusCode()).isEqualTo(200);
    String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    Matcher nonce = Pattern.compile("'nonce-([^']+)'").matcher(csp);
    assertThat(nonce.find()).as(csp).isTrue();
    assertThat(page.body()).isEqualTo("nonce=" + nonce.group(1));
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

    HttpResponse<String> again = http.get("/page");
    assertThat(again.body()).isNotEqualTo(page.body()); // a new nonce per request
    assertThat(http.get("/api/hello").headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  void aCorsPreflightIsAnsweredByTheEdge() {
    HttpResponse<String> preflight = http.send(http.request("/api/cors")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://app.example.com")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "Content-Type")
        .build());
    assertThat(preflight.statusCode()).isBetween(200, 204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
        v -> assertThat(v).contains("POST"));
    assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).hasValue("3600");

    HttpResponse<String> actual = http.send(http.request("/api/cors").GET()
        .header("Origin", "https://app.example.com").build());
    assertThat(actual.body()).isEqualTo("cors ok");
    assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
  }

  @Test
  void theBreakerOpensAroundAFailingControllerAndReadinessGoesDown() {
    HttpResponse<String> ready = http.get("/actuator/health/readiness");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(ready.body()).contains("\"bulwark\"").contains("\"readinessState\"").contains("breaker:flaky");

    assertThat(http.get("/api/flaky").statusCode()).isEqualTo(500);
    assertThat(http.get("/api/flaky").statusCode()).isEqualTo(500);
    HttpResponse<String> open = http.get("/api/flaky");
    assertThat(open.statusCode()).isEqualTo(503);
    assertThat(open.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(controller.flakyCalls()).isEqualTo(2); // the open breaker kept the third call out

    HttpResponse<String> notReady = http.get("/actuator/health/readiness");
    assertThat(notReady.statusCode()).as(notReady.body()).isEqualTo(503);
    assertThat(notReady.body()).contains("\"status\":\"DOWN\"").contains("\"state\":\"open\"");
    HttpResponse<String> live = http.get("/actuator/health/liveness");
    assertThat(live.statusCode()).as("liveness (bulwarkLiveness) stays UP with a breaker open: " + live.body()).isEqualTo(200);

    assertThat(http.get("/actuator/bulwark").body()).contains("\"name\":\"flaky\",\"state\":\"open\"");
  }

  @Test
  void prometheusShowsBulwarkMeters() {
    assertThat(http.get("/api/hello").statusCode()).isEqualTo(200);
    HttpResponse<String> scrape = http.get("/actuator/prometheus");
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body())
        .containsPattern("bulwark_edge_requests_total\\{[^}]*route=\"api\"")
        .contains("bulwark_ratelimit_decisions")
        .contains("bulwark_circuitbreaker_state")
        .containsPattern("bulwark_circuitbreaker_state\\{[^}]*name=\"llm\""); // an outbound breaker
  }

  @Test
  void theEndpointListsRoutesLimitsBreakersAndOutboundEntries() {
    HttpResponse<String> bulwark = http.get("/actuator/bulwark");
    assertThat(bulwark.statusCode()).isEqualTo(200);
    assertThat(bulwark.body())
        .contains("\"name\":\"limited\"")
        .contains("\"limits\":[\"2/minute\"]")
        .contains("\"outbound\":[\"llm\"]")
        .contains("\"circuitBreakers\":[");
    HttpResponse<String> write = http.send(http.request("/actuator/bulwark")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build());
    assertThat(write.statusCode()).isEqualTo(405); // read-only
  }

  @Test
  void outboundEntriesArePipelineBeansQualifiedByName() throws Exception {
    Pipeline llm = context.getBean(OutboundPipelineRegistrar.BEAN_NAME_PREFIX + "llm", Pipeline.class);
    assertThat(llm).isSameAs(context.getBean(LoadedConfig.class).pipeline("llm"));
    assertThat(http.get("/api/outbound").body()).isEqualTo("outbound ok after 2 attempts");
    assertThat(context.getBean(CircuitBreakerRegistry.class).find("llm")).isPresent();
    assertThat(context.getBean(Edge.class)).isSameAs(context.getBean(LoadedConfig.class).edge());
    assertThat(context.getBeansOfType(Pipeline.class)).containsOnlyKeys("bulwark.outbound.llm");
  }

  @Test
  void qualifierInjectionWorks(@Autowired @Qualifier("llm") Pipeline llm) {
    assertThat(llm).isSameAs(context.getBean("bulwark.outbound.llm"));
  }
}
