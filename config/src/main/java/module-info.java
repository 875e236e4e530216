/**
 * Bulwark configuration: {@link dev.bulwark.config.EdgeConfigLoader} reads a JSON or YAML document
 * strictly (every problem reported at once, with its path) and builds an {@link dev.bulwark.http.Edge}
 * and named outbound policies (retry, retry budget, timeout, circuit breaker, and the
 * {@link dev.bulwark.http.client.HttpPolicy} of a resilient HTTP client). Limiter backends that
 * a document names, such as {@code backend: redis}, are registered in code or found through
 * {@link java.util.ServiceLoader} as {@link dev.bulwark.ratelimit.spi.LimiterBackendProvider}s.
 */
module dev.bulwark.config {
  requires transitive dev.bulwark.http;
  requires transitive dev.bulwark.retry;
  requires transitive dev.bulwark.http.client;
  requires static transitive org.jspecify;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.slf4j;

  exports dev.bulwark.config;

  uses dev.bulwark.ratelimit.spi.LimiterBackendProvider;
}
