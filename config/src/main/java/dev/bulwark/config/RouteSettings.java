package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.http.ConnectionPolicy;
import dev.bulwark.http.RateLimitKey;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The settings a route may inherit from {@code routeDefaults}: each section a route sets replaces
 * the default's section as a whole, and a section set to {@code null} removes the default's.
 *
 * @param present the sections written, including those written as null
 * @param key the client key strategy, or null for {@link RateLimitKey#ip()}
 * @param securityHeaders the security headers, or null for the edge's
 * @param cors the CORS settings, or null
 * @param rateLimit the rate limit, or null
 * @param concurrency the concurrency limit, or null
 * @param validation the validation, or null
 * @param circuitBreaker the circuit breaker configuration, or null
 * @param connections how long-lived connections are watched, or null
 */
record RouteSettings(
    Set<String> present,
    @Nullable RateLimitKey key,
    @Nullable SecurityHeaders securityHeaders,
    @Nullable CorsSection cors,
    @Nullable RateSection rateLimit,
    @Nullable ConcurrencySection concurrency,
    @Nullable ValidationSection validation,
    @Nullable CircuitBreakerConfig circuitBreaker,
    @Nullable ConnectionPolicy connections) {

  static final List<String> KEYS = List.of(
      "key", "securityHeaders", "cors", "rateLimit", "concurrency", "validation", "circuitBreaker",
      "connections");

  static final RouteSettings NONE = new RouteSettings(Set.of(), null, null, null, null, null, null, null, null);

  /** Reads the sections present in a route or in {@code routeDefaults}. */
  static RouteSettings read(Fields f, BindContext context) {
    Set<String> present = new HashSet<>();
    for (String key : KEYS) {
      if (f.has(key)) {
        present.add(key);
      }
    }
    Problems problems = f.problems();
    return new RouteSettings(
        Set.copyOf(present),
        f.node("key").isNull() ? null : f.get("key", KeyReader::read),
        section(f, "securityHeaders", (n, p) -> HeadersSection.read(n, p, problems)),
        section(f, "cors", (n, p) -> CorsSection.read(n, p, problems)),
        section(f, "rateLimit", (n, p) -> RateSection.read(n, p, problems, context)),
        section(f, "concurrency", (n, p) -> ConcurrencySection.read(n, p, problems, context)),
        section(f, "validation", (n, p) -> ValidationSection.read(n, p, problems)),
        section(f, "circuitBreaker", (n, p) -> BreakerSection.read(n, p, problems)),
        section(f, "connections", (n, p) -> ConnectionsSection.read(n, p, problems)));
  }

  /** Reads one section; null when absent, written as null, or reported as bad. */
  private static <T> @Nullable T section(Fields f, String key, SectionReader<T> reader) {
    JsonNode node = f.node(key);
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    return reader.read(node, f.path(key));
  }

  /** Returns these settings with each absent section taken from {@code defaults}. */
  RouteSettings over(RouteSettings defaults) {
    return new RouteSettings(
        present,
        present.contains("key") ? key : defaults.key,
        present.contains("securityHeaders") ? securityHeaders : defaults.securityHeaders,
        present.contains("cors") ? cors : defaults.cors,
        present.contains("rateLimit") ? rateLimit : defaults.rateLimit,
        present.contains("concurrency") ? concurrency : defaults.concurrency,
        present.contains("validation") ? validation : defaults.validation,
        present.contains("circuitBreaker") ? circuitBreaker : defaults.circuitBreaker,
        present.contains("connections") ? connections : defaults.connections);
  }

  /** Reads one section node at a path. */
  @FunctionalInterface
  private interface SectionReader<T> {
    @Nullable T read(JsonNode node, String path);
  }
}
