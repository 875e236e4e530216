package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Seed C (the Go model gateway) served by the demo, over HTTP on both adapters. */
class SeedCHttpTest {

  private static Map<String, String> from(String ip) {
    return Map.of("X-Forwarded-For", ip);
  }

  @ParameterizedTest
  @EnumSource(SeedDemo.Adapter.class)
  void eleventhRapidRequestIs429WithTheEnvelopeAndRetryAfter(SeedDemo.Adapter adapter) throws Exception {
    try (SeedDemo seed = new SeedDemo(adapter, 'c')) {
      for (int i = 1; i <= 10; i++) {
        assertThat(seed.get("/api/models", from("203.0.113.7")).statusCode()).as("request %d", i).isEqualTo(200);
      }
      HttpResponse<String> limited = seed.get("/api/models", from("203.0.113.7"));
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(v).matches("[1-9][0-9]*"));
      assertThat(limited.body()).startsWith("{\"error\":{\"code\":").contains("\"retry_after\":", "\"timestamp\":");
      // X-Forwarded-For from the trusted 127.0.0.1 names the client: another client has its own burst.
      assertThat(seed.get("/api/models", from("203.0.113.8")).statusCode()).isEqualTo(200);
    }
  }

  @ParameterizedTest
  @EnumSource(SeedDemo.Adapter.class)
  void searchHasABurstOfTwenty(SeedDemo.Adapter adapter) throws Exception {
    try (SeedDemo seed = new SeedDemo(adapter, 'c')) {
      for (int i = 1; i <= 20; i++) {
        assertThat(seed.get("/api/discover/search", from("203.0.113.9")).statusCode()).as("request %d", i).isEqualTo(200);
      }
      assertThat(seed.get("/api/discover/search", from("203.0.113.9")).statusCode()).isEqualTo(429);
    }
  }

  @ParameterizedTest
  @EnumSource(SeedDemo.Adapter.class)
  void anApplicationExceptionIsA500Envelope(SeedDemo.Adapter adapter) throws Exception {
    try (SeedDemo seed = new SeedDemo(adapter, 'c')) {
      seed.upstreamFails(true);
      HttpResponse<String> failed = seed.get("/api/models", from("203.0.113.10"));
      assertThat(failed.statusCode()).isEqualTo(500);
      assertThat(failed.body()).startsWith("{\"error\":{\"code\":").contains("\"timestamp\":")
          .doesNotContain("UncheckedIOException", "simulated upstream failure", "at dev.bulwark");
    }
  }
}
