package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.core.Backoff;
import dev.bulwark.http.client.HttpPolicy;
import dev.bulwark.retry.RetryBudget;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code outbound}: the policies of the application's own calls to one dependency,
 * each optional. An edge route never retries or times out a request; these are for the handler's
 * calls to an upstream, fetched by name from the {@link LoadedConfig}.
 *
 * @param name the dependency's name, which names its retry, breaker and timeout
 * @param path the entry's path, for problems found while building
 * @param timeout the time limit of one call, or null
 * @param retry the retry settings, or null
 * @param circuitBreaker the breaker configuration, or null
 * @param http the HTTP client settings, or null
 */
record OutboundSection(
    String name,
    String path,
    @Nullable Duration timeout,
    @Nullable RetrySection retry,
    @Nullable CircuitBreakerConfig circuitBreaker,
    @Nullable HttpSection http) {

  static final List<String> KEYS = List.of("timeout", "retry", "circuitBreaker", "http");

  static @Nullable OutboundSection read(
      String name, JsonNode node, String path, Problems problems, LoaderOptions options) {
    Fields f = Fields.open(node, path, problems, KEYS);
    if (f == null) {
      return null;
    }
    Duration timeout = f.get("timeout", Values::duration);
    if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
      f.report("timeout", "must be positive");
    }
    RetrySection retry =
        f.has("retry") ? RetrySection.read(f.node("retry"), f.path("retry"), problems, options) : null;
    CircuitBreakerConfig breaker = f.has("circuitBreaker")
        ? BreakerSection.read(f.node("circuitBreaker"), f.path("circuitBreaker"), problems)
        : null;
    HttpSection http =
        f.has("http") ? HttpSection.read(f.node("http"), f.path("http"), problems) : null;
    if (f.keys().isEmpty()) {
      f.reportHere("set at least one of circuitBreaker, http, retry, timeout");
    }
    if (!f.clean()) {
      return null;
    }
    OutboundSection section = new OutboundSection(name, path, timeout, retry, breaker, http);
    if (http != null) {
      f.attempt("http", section::httpPolicy);   // a cross-field conflict, such as attemptTimeout > timeout
      if (!f.clean()) {
        return null;
      }
    }
    return section;
  }

  /**
   * Returns the entry as the policy of a {@link dev.bulwark.http.client.ResilientHttpClient}:
   * {@code retry}'s maxAttempts, backoff and budget (shared by every host), {@code timeout} (or
   * else {@code retry.maxDuration}) as the overall timeout, {@code circuitBreaker} as each host's
   * breaker configuration, and the {@code http} section; the rest at {@link HttpPolicy}'s defaults.
   */
  HttpPolicy httpPolicy() {
    HttpPolicy.Builder b = HttpPolicy.builder();
    RetrySection r = retry;
    Duration overall = timeout;
    if (r != null) {
      if (r.maxAttempts() != 0) {
        b.maxAttempts(r.maxAttempts());
      }
      Backoff backoff = r.backoff();
      if (backoff != null) {
        b.backoff(backoff);
      }
      RetryBudget budget = r.budget();
      if (budget != null) {
        b.retryBudget(() -> budget);
      }
      if (overall == null) {
        overall = r.maxDuration();
      }
    }
    if (overall != null) {
      b.overallTimeout(overall);
    }
    if (circuitBreaker != null) {
      b.circuitBreaker(circuitBreaker);
    }
    if (http != null) {
      http.applyTo(b);
    }
    return b.build();
  }
}
