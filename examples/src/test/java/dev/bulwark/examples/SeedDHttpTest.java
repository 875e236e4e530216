package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Seed D (the FastAPI backend) served by the demo, over HTTP on both adapters. */
class SeedDHttpTest {

  @ParameterizedTest
  @EnumSource(SeedDemo.Adapter.class)
  void hundredFirstRequestInAWindowIs429AndTheWindowResets(SeedDemo.Adapter adapter) throws Exception {
    try (SeedDemo seed = new SeedDemo(adapter, 'd')) {
      Map<String, String> client = Map.of("X-Forwarded-For", "198.51.100.4");
      for (int i = 1; i <= 100; i++) {
        HttpResponse<String> ok = seed.get("/api/v1/items", client);
        assertThat(ok.statusCode()).as("request %d", i).isEqualTo(200);
        assertThat(ok.headers().firstValue("X-RateLimit-Limit")).hasValue("100");
        assertThat(ok.headers().firstValue("X-RateLimit-Remaining")).hasValue(Integer.toString(100 - i));
      }
      HttpResponse<String> limited = seed.get("/api/v1/items", client);
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
      // Another client (named by X-Forwarded-For from the trusted 127.0.0.1) has its own window.
      assertThat(seed.get("/api/v1/items", Map.of("X-Forwarded-For", "198.51.100.5")).statusCode()).isEqualTo(200);

      seed.advance(Duration.ofMinutes(1));
      HttpResponse<String> next = seed.get("/api/v1/items", client);
      assertThat(next.statusCode()).isEqualTo(200);
      assertThat(next.headers().firstValue("X-RateLimit-Remaining")).hasValue("99");
    }
  }
}
