package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seed A (the Go RAG agent) served by the demo, over HTTP on both adapters: 60/min per IP and per
 * user at once. The file trusts no proxy, so clients are told apart by their user
 * ({@code Authorization: Bearer <user-id>}); the two-IP check runs the demo behind a trusted
 * 127.0.0.1 proxy ({@code --trusted-proxies 127.0.0.1}), as the service would be deployed.
 */
class SeedAHttpTest {

  private static Map<String, String> as(String user) {
    return Map.of("Authorization", "Bearer " + user);
  }

  private static Map<String, String> as(String user, String ip) {
    return Map.of("Authorization", "Bearer " + user, "X-Forwarded-For", ip);
  }

  @ParameterizedTest
  @EnumSource(SeedDemo.Adapter.class)
  void oneIpSharesOneBudgetAcrossUsers(SeedDemo.Adapter adapter) throws Exception {
    try (SeedDemo seed = new SeedDemo(adapter, 'a')) {
      for (int i = 1; i <= 60; i++) {
        assertThat(seed.get("/api/v1/sources", as("user-" + i)).statusCode()).as("user %d", i).isEqualTo(200);
      }
      assertThat(seed.get("/api/v1/sources", as("user-61")).statusCode()).isEqualTo(429);
    }
  }

  @ParameterizedTest
  @EnumSource(SeedDemo.Adapter.class)
  void oneUserSharesOneBudgetAcrossIps(SeedDemo.Adapter adapter) throws Exception {
    try (SeedDemo seed = new SeedDemo(adapter, 'a', b -> b.trustedProxies(List.of("127.0.0.1")))) {
      for (int i = 1; i <= 30; i++) {
        assertThat(seed.get("/api/v1/sources", as("u", "192.0.2.1")).statusCode()).as("ip 1, %d", i).isEqualTo(200);
        assertThat(seed.get("/api/v1/sources", as("u", "192.0.2.2")).statusCode()).as("ip 2, %d", i).isEqualTo(200);
      }
      assertThat(seed.get("/api/v1/sources", as("u", "192.0.2.3")).statusCode()).isEqualTo(429);
      assertThat(seed.get("/api/v1/sources", as("v", "192.0.2.3")).statusCode()).isEqualTo(200);
      // and an IP shares one budget across users: 192.0.2.1 has used 30 of its 60
      for (int i = 1; i <= 30; i++) {
        assertThat(seed.get("/api/v1/sources", as("w" + i, "192.0.2.1")).statusCode()).as("user w%d", i).isEqualTo(200);
      }
      assertThat(seed.get("/api/v1/sources", as("w31", "192.0.2.1")).statusCode()).isEqualTo(429);
    }
  }

  @ParameterizedTest
  @EnumSource(SeedDemo.Adapter.class)
  void hstsFollowsTheEnvironmentSwitch(SeedDemo.Adapter adapter) throws Exception {
    try (SeedDemo plain = new SeedDemo(adapter, 'a')) {
      // secure-only by default, and the file trusts no proxy's X-Forwarded-Proto: plain HTTP gets none
      assertThat(plain.get("/api/v1/sources", Map.of("X-Forwarded-Proto", "https"))
          .headers().firstValue("Strict-Transport-Security")).isEmpty();
    }
    try (SeedDemo production = new SeedDemo(adapter, 'a', b -> b.environment(Map.of("HSTS", "always")::get))) {
      assertThat(production.get("/api/v1/sources").headers().firstValue("Strict-Transport-Security"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("max-age="));
    }
    try (SeedDemo development = new SeedDemo(adapter, 'a', b -> b.environment(Map.of("HSTS", "never")::get))) {
      assertThat(development.get("/api/v1/sources").headers().firstValue("Strict-Transport-Security")).isEmpty();
    }
  }
}
