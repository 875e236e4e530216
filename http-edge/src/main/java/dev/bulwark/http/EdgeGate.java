package dev.bulwark.http;

/**
 * The gates of an {@link Edge}, in the order they run; an {@link EdgeRejection} names the one that
 * answered the request.
 */
public enum EdgeGate {
  /**
   * CORS: answers preflights (204 or 403) and, when the route says so, refuses actual requests from
   * a disallowed origin (403).
   */
  CORS,
  /** Rate limiting per client key: 429 with {@code Retry-After}. */
  RATE_LIMIT,
  /** Concurrency limiting per client key and in total: 503 with {@code Retry-After: 1}. */
  CONCURRENCY,
  /**
   * Input validation: query parameters and headers (400), declared body size (413), content type
   * (415), and body content when the route asks for it (400 or 413).
   */
  VALIDATION,
  /** The route's circuit breaker: 503 with {@code Retry-After} while it is open. */
  CIRCUIT_BREAKER,
  /**
   * The edge is draining ({@link Edge#drain}): every new request gets 503 with
   * {@code Retry-After: 1} and {@code Connection: close}.
   */
  DRAINING
}
