package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
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
 */
record OutboundSection(
    String name,
    String path,
    @Nullable Duration timeout,
    @Nullable RetrySection retry,
    @Nullable CircuitBreakerConfig circuitBreaker) {

  static final List<String> KEYS = List.of("timeout", "retry", "circuitBreaker");

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
    if (f.keys().isEmpty()) {
      f.reportHere("set at least one of circuitBreaker, retry, timeout");
    }
    if (!f.clean()) {
      return null;
    }
    return new OutboundSection(name, path, timeout, retry, breaker);
  }
}
