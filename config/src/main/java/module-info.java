/**
 * Bulwark configuration: {@link dev.bulwark.config.EdgeConfigLoader} reads a JSON or YAML document
 * strictly (every problem reported at once, with its path) and builds an {@link dev.bulwark.http.Edge}
 * and named outbound policies (retry, retry budget, timeout, circuit breaker).
 */
module dev.bulwark.config {
  requires transitive dev.bulwark.http;
  requires transitive dev.bulwark.retry;
  requires static transitive org.jspecify;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;

  exports dev.bulwark.config;
}
