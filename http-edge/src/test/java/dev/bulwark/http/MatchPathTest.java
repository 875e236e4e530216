package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatchPathTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/api/search, /api/search",
    "'', /",
    "/api/%73earch, /api/search",
    "/api/search;jsessionid=1, /api/search",
    "/api;v=1/search, /api/search",
    "/api/./search, /api/search",
    "/api/x/../search, /api/search",
    "/../../api/search, /api/search",
    "/api/%2e%2E/api/search, /api/search",
    "/api/a%2Fb, /api/a%2Fb",
    "/api/a%5cb, /api/a%5cb",
    "/api/%zz, /api/%zz",
    "/api/%e2%82%ac, /api/\u20ac",
    "/api/.., /",
    "http://example.com/api/search, /api/search",
    "https://example.com, /",
    "*, *",
  })
  void canonicalises(String raw, String expected) {
    assertThat(MatchPath.of(raw)).isEqualTo(expected);
  }

  @Test
  void returnsAnOrdinaryPathItself() {
    String path = "/api/users/42/posts/";
    assertThat(MatchPath.of(path)).isSameAs(path);
    String dotted = "/static/app.v2.js";
    assertThat(MatchPath.of(dotted)).isSameAs(dotted);
  }
}
