/**
 * Bulwark HTTP client: {@link dev.bulwark.http.client.ResilientHttpClient} wraps a
 * {@link java.net.http.HttpClient} with a pipeline per host (retry honouring {@code Retry-After}
 * and the IETF {@code RateLimit} fields, a retry budget, a circuit breaker, a client-side rate
 * limit, per-attempt and overall timeouts), configured by an
 * {@link dev.bulwark.http.client.HttpPolicy}.
 */
module dev.bulwark.http.client {
  requires transitive java.net.http;
  requires transitive dev.bulwark.retry;
  requires transitive dev.bulwark.circuitbreaker;
  requires transitive dev.bulwark.ratelimit;
  requires static transitive org.jspecify;

  exports dev.bulwark.http.client;
}
