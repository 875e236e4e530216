package dev.bulwark.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

  static long waitOf(String... namesAndValues) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.computeIfAbsent(namesAndValues[i], k -> new java.util.ArrayList<>()).add(namesAndValues[i + 1]);
    }
    return RateLimitHeaders.exhaustedWaitSeconds(HttpHeaders.of(map, (n, v) -> true));
  }

  @Test
  void draftTenItems() {
    assertThat(waitOf("RateLimit", "\"default\";r=0;t=30")).isEqualTo(30);
    assertThat(waitOf("RateLimit", "\"default\";r=5;t=30")).isEqualTo(-1);
    assertThat(waitOf("RateLimit", "\"a\";r=0;t=3, \"b\";r=0;t=9, \"c\";r=1;t=99")).isEqualTo(9);
    assertThat(waitOf("RateLimit", "\"a\";t=7;r=0")).isEqualTo(7);
    assertThat(waitOf("RateLimit", "\"a;b,c\";r=0;t=4")).isEqualTo(4);   // ; and , inside the name
  }

  @Test
  void aMissingTIsTheWindowOfThePolicyOfTheSameName() {
    assertThat(waitOf("RateLimit", "\"hour\";r=0",
        "RateLimit-Policy", "\"minute\";q=10;w=60, \"hour\";q=100;w=3600")).isEqualTo(3600);
    assertThat(waitOf("RateLimit", "\"hour\";r=0")).isEqualTo(-1);
  }

  @Test
  void earlierDrafts() {
    assertThat(waitOf("RateLimit", "limit=100, remaining=0, reset=30")).isEqualTo(30);
    assertThat(waitOf("RateLimit", "limit=100, remaining=1, reset=30")).isEqualTo(-1);
    assertThat(waitOf("RateLimit-Remaining", "0", "RateLimit-Reset", "12")).isEqualTo(12);
    assertThat(waitOf("RateLimit-Remaining", "3", "RateLimit-Reset", "12")).isEqualTo(-1);
  }

  @Test
  void malformedValuesGiveNoWait() {
    assertThat(waitOf()).isEqualTo(-1);
    assertThat(waitOf("RateLimit", "")).isEqualTo(-1);
    assertThat(waitOf("RateLimit", "\"x\";r=0;t=-3")).isEqualTo(-1);
    assertThat(waitOf("RateLimit", "\"x\";r=0;t=1.5")).isEqualTo(-1);
    assertThat(waitOf("RateLimit", "\"x\";r=zero;t=3")).isEqualTo(-1);
    assertThat(waitOf("RateLimit", "\"unterminated;r=0;t=3")).isEqualTo(-1);
    assertThat(waitOf("RateLimit", ",,;;==")).isEqualTo(-1);
    assertThat(waitOf("RateLimit", "\"x\";r=0;t=99999999999999999999999")).isEqualTo(Long.MAX_VALUE);
  }
}
