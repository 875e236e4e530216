package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.contract.FakeRequest;
import org.junit.jupiter.api.Test;

class RateLimitKeyTest {

  private static final String IP = "203.0.113.7";

  private static String key(RateLimitKey key, FakeRequest request) {
    return key.resolve(request, IP, "r:search");
  }

  @Test
  void ipKeyIsTheResolvedAddressItself() {
    assertThat(key(RateLimitKey.ip(), FakeRequest.get("/"))).isSameAs(IP);
  }

  @Test
  void headerKeyUsesTheValueAndFallsBackToTheIp() {
    RateLimitKey key = RateLimitKey.header("X-Api-Key");
    assertThat(key(key, FakeRequest.get("/").header("x-api-key", "k-123"))).isEqualTo("h:x-api-key=k-123");
    assertThat(key(key, FakeRequest.get("/"))).isEqualTo(IP);
    assertThat(key(key, FakeRequest.get("/").header("X-Api-Key", "  "))).isEqualTo(IP);
  }

  @Test
  void longHeaderValuesAreHashedToABoundedKey() {
    RateLimitKey key = RateLimitKey.header("Authorization");
    String exactly64 = "a".repeat(64);
    String long1 = "b".repeat(100_000);
    String long2 = "b".repeat(99_999) + "c";

    assertThat(key(key, FakeRequest.get("/").header("Authorization", exactly64)))
        .isEqualTo("h:authorization=" + exactly64);
    String k1 = key(key, FakeRequest.get("/").header("Authorization", long1));
    String k2 = key(key, FakeRequest.get("/").header("Authorization", long2));
    assertThat(k1).matches("h:authorization#[0-9a-f]{16}").isNotEqualTo(k2);
    assertThat(key(key, FakeRequest.get("/").header("Authorization", long1))).isEqualTo(k1);
  }

  @Test
  void userAgentIsAlwaysHashed() {
    String ua = "Mozilla/5.0 (X11; Linux x86_64) " + "x".repeat(10_000);
    String k = key(RateLimitKey.ipAndUserAgent(), FakeRequest.get("/").header("User-Agent", ua));
    assertThat(k).matches("203\\.0\\.113\\.7\\|ua#[0-9a-f]{16}");
    assertThat(key(RateLimitKey.ipAndUserAgent(), FakeRequest.get("/")))
        .isEqualTo(IP + "|ua#" + KeyHash.hex(""))
        .isNotEqualTo(k);
  }

  @Test
  void routeKeyIsTheRoutesOwnKey() {
    assertThat(key(RateLimitKey.route(), FakeRequest.get("/"))).isEqualTo("r:search");
  }

  @Test
  void compositeKeysAreLengthPrefixedSoPartsCannotBeForged() {
    RateLimitKey key = RateLimitKey.composite(RateLimitKey.header("A"), RateLimitKey.header("B"));
    String k1 = key(key, FakeRequest.get("/").header("A", "x").header("B", "y"));
    assertThat(k1).isEqualTo("5:h:a=x5:h:b=y");
    // A value that spells the separator and the next part must not produce the same key.
    String k2 = key(key, FakeRequest.get("/").header("A", "x5:h:b=y"));
    assertThat(k2).isNotEqualTo(k1);
    assertThat(RateLimitKey.composite(key, RateLimitKey.route()).toString())
        .isEqualTo("composite(header(A), header(B), route)");
    assertThat(RateLimitKey.composite(RateLimitKey.route(), RateLimitKey.ip()).needsIp()).isTrue();
    assertThat(RateLimitKey.route().needsIp()).isFalse();
  }

  @Test
  void rejectsHeaderNamesThatAreNotTokens() {
    assertThatThrownBy(() -> RateLimitKey.header("X Api"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("header name must be an RFC 9110 token but was \"X Api\"");
    assertThatThrownBy(() -> RateLimitKey.header(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
  }

  @Test
  void headerKeyedRouteLimitsPerHeaderValue() {
    Edge edge = Edge.builder()
        .ticker(new ManualTicker())
        .route(Route.builder("/api/**").rateLimit(RateLimitGate.of("1/minute")).key(RateLimitKey.header("X-Api-Key")).build())
        .build();
    assertThat(edge.begin(FakeRequest.get("/api/a").header("X-Api-Key", "one")).admitted()).isTrue();
    assertThat(edge.begin(FakeRequest.get("/api/a").header("X-Api-Key", "one")).admitted()).isFalse();
    assertThat(edge.begin(FakeRequest.get("/api/a").header("X-Api-Key", "two")).admitted()).isTrue();
    // Same address, no header: its own IP bucket, untouched so far; then spent.
    assertThat(edge.begin(FakeRequest.get("/api/a")).admitted()).isTrue();
    assertThat(edge.begin(FakeRequest.get("/api/a")).admitted()).isFalse();
    // A header value equal to an IP literal does not share that IP's bucket.
    assertThat(edge.begin(FakeRequest.get("/api/a").header("X-Api-Key", "203.0.113.7")).admitted()).isTrue();
  }
}
