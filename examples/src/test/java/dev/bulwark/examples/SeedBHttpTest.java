package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Seed B (the Next.js app) served by the demo, over HTTP on both adapters. */
class SeedBHttpTest {

  @ParameterizedTest
  @EnumSource(SeedDemo.Adapter.class)
  void anotherUserAgentFromTheSameIpHasItsOwnBucket(SeedDemo.Adapter adapter) throws Exception {
    try (SeedDemo seed = new SeedDemo(adapter, 'b')) {
      Map<String, String> firefox = Map.of("User-Agent", "Firefox/131");
      for (int i = 1; i <= 30; i++) {
        assertThat(seed.get("/api/items", firefox).statusCode()).as("request %d", i).isEqualTo(200);
      }
      assertThat(seed.get("/api/items", firefox).statusCode()).isEqualTo(429);
      assertThat(seed.get("/api/items", Map.of("User-Agent", "Chrome/130")).statusCode()).isEqualTo(200);
    }
  }

  @ParameterizedTest
  @EnumSource(SeedDemo.Adapter.class)
  void healthCarriesTheEndpointHeaders(SeedDemo.Adapter adapter) throws Exception {
    try (SeedDemo seed = new SeedDemo(adapter, 'b')) {
      var health = seed.get("/api/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.headers().firstValue("X-DNS-Prefetch-Control")).hasValue("off");
      assertThat(health.headers().firstValue("Cache-Control")).hasValue("no-store");
    }
  }
}
