package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Seed E (the RAD monitor) served by the demo, over HTTP on both adapters. */
class SeedEHttpTest {

  @ParameterizedTest
  @EnumSource(SeedDemo.Adapter.class)
  void eleventhKibanaFetchInAMinuteIs429WithTheExactBody(SeedDemo.Adapter adapter) throws Exception {
    try (SeedDemo seed = new SeedDemo(adapter, 'e')) {
      for (int i = 1; i <= 10; i++) {
        HttpResponse<String> ok = seed.postJson("/api/fetch-kibana-data", "{}");
        assertThat(ok.statusCode()).as("request %d", i).isEqualTo(200);
        assertThat(ok.body()).contains("\"route\":\"fetch-kibana-data\"");
      }
      HttpResponse<String> limited = seed.postJson("/api/fetch-kibana-data", "{}");
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.body())
          .isEqualTo("{\"error\": \"Rate limit exceeded: 10 per 1 minute\", \"detail\": \"Too many requests\"}");
    }
  }

  @ParameterizedTest
  @EnumSource(SeedDemo.Adapter.class)
  void twoHundredFirstRequestToAnotherEndpointIs429(SeedDemo.Adapter adapter) throws Exception {
    try (SeedDemo seed = new SeedDemo(adapter, 'e')) {
      for (int i = 1; i <= 200; i++) {
        assertThat(seed.get("/api/alerts").statusCode()).as("request %d", i).isEqualTo(200);
      }
      HttpResponse<String> limited = seed.get("/api/alerts");
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.body())
          .isEqualTo("{\"error\": \"Rate limit exceeded: 200 per 1 minute\", \"detail\": \"Too many requests\"}");
    }
  }

  @ParameterizedTest
  @EnumSource(SeedDemo.Adapter.class)
  void fiveUpstreamFailuresOpenTheBreakerAndTheSixthIs503AtOnce(SeedDemo.Adapter adapter) throws Exception {
    try (SeedDemo seed = new SeedDemo(adapter, 'e')) {
      assertThat(seed.get("/api/status").statusCode()).isEqualTo(200);
      seed.upstreamFails(true);
      for (int i = 1; i <= 5; i++) {
        HttpResponse<String> failed = seed.get("/api/status");
        assertThat(failed.statusCode()).as("failure %d", i).isEqualTo(500);
        assertThat(failed.body()).doesNotContain("simulated upstream failure");
      }
      long callsBefore = seed.demo.gateway.app().upstream().calls();
      HttpResponse<String> open = seed.get("/api/status");
      assertThat(open.statusCode()).isEqualTo(503);
      assertThat(open.body())
          .isEqualTo("{\"detail\": \"Service temporarily unavailable due to circuit breaker\", \"status_code\": 503}");
      assertThat(seed.demo.gateway.app().upstream().calls()).as("failed fast: no upstream call").isEqualTo(callsBefore);
    }
  }
}
