package dev.bulwark.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpPolicyTest {

  @Test
  void defaultsAreTheServicesSettings() {
    HttpPolicy p = HttpPolicy.defaults();
    assertThat(p.maxAttempts()).isEqualTo(3);
    assertThat(p.backoff()).isSameAs(HttpPolicy.DEFAULT_BACKOFF);
    assertThat(p.backoff().capNanos()).isEqualTo(Duration.ofSeconds(10).toNanos());
    assertThat(p.retryOnStatus()).containsExactly(429, 500, 502, 503, 504);
    assertThat(p.retryNonIdempotent()).isFalse();
    assertThat(p.maxRetryAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.attemptTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.overallTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.retryBudget()).isEmpty();
    assertThat(p.rateLimits()).isEmpty();
    assertThat(p.circuitBreaker().consecutiveFailures()).isEqualTo(5);
    assertThat(p.circuitBreaker().openDurationNanos()).isEqualTo(Duration.ofSeconds(30).toNanos());
  }

  @Test
  void badValuesAreRefusedNamingThem() {
    assertThatThrownBy(() -> HttpPolicy.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> HttpPolicy.builder().retryOnStatus(200, 600))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("600");
    assertThatThrownBy(() -> HttpPolicy.builder().retryOnStatus(List.of(99)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("99");
    assertThatThrownBy(() -> HttpPolicy.builder().attemptTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attemptTimeout");
    assertThatThrownBy(() -> HttpPolicy.builder().maxRetryAfter(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRetryAfter");
    assertThatThrownBy(() -> HttpPolicy.builder().rateLimit())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rateLimit");
    assertThatThrownBy(() -> HttpPolicy.builder().backoff(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("backoff");
  }

  @Test
  void settingsAreMadeOnce() {
    assertThatThrownBy(() -> HttpPolicy.builder().maxAttempts(2).maxAttempts(3))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("maxAttempts was already set to 2");
    assertThatThrownBy(() -> HttpPolicy.builder().retryNonIdempotent().retryNonIdempotent())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ResilientHttpClient.builder(HttpClient.newHttpClient())
        .policy("a:1", HttpPolicy.defaults()).policy("a:1", HttpPolicy.defaults()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("policy(a:1)");
  }

  @Test
  void anAttemptTimeoutLongerThanTheOverallOneIsAConflict() {
    assertThatThrownBy(() -> HttpPolicy.builder()
        .attemptTimeout(Duration.ofSeconds(20)).overallTimeout(Duration.ofSeconds(5)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("attemptTimeout (PT20S) exceeds overallTimeout (PT5S)");
  }

  @Test
  void maxRetryAfterFollowsTheBackoffsCapUnlessSet() {
    HttpPolicy fixed = HttpPolicy.builder().backoff(dev.bulwark.core.Backoff.fixed(Duration.ofSeconds(2))).build();
    assertThat(fixed.maxRetryAfter()).isEqualTo(Duration.ofSeconds(2));
    HttpPolicy set = HttpPolicy.builder().backoff(dev.bulwark.core.Backoff.fixed(Duration.ofSeconds(2)))
        .maxRetryAfter(Duration.ofMinutes(1)).build();
    assertThat(set.maxRetryAfter()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void theStatusSetIsSortedAndImmutable() {
    HttpPolicy p = HttpPolicy.builder().retryOnStatus(503, 429, 503).build();
    assertThat(p.retryOnStatus()).containsExactly(429, 503);
    assertThatThrownBy(() -> p.retryOnStatus().add(500)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(p.isRetryStatus(429)).isTrue();
    assertThat(p.isRetryStatus(500)).isFalse();
    assertThat(p.isRetryStatus(-1)).isFalse();
    assertThat(p.isRetryStatus(999)).isFalse();
  }
}
