package dev.bulwark.http;

/**
 * How one request through an {@link Edge} ended, as an {@link EdgeListener} is told: admitted and
 * finished by the adapter ({@link #ADMITTED}, {@link #FAILED}, {@link #CANCELLED}), or answered by
 * a gate (the five others, one per {@link EdgeGate}).
 */
public enum EdgeOutcome {
  /** Admitted, and completed with the handler's status ({@link EdgeExchange#complete}). */
  ADMITTED,
  /**
   * Admitted, and the handler threw ({@link EdgeExchange#fail}); reported with status 500, what a
   * container sends for an uncaught error (the edge does not see the response).
   */
  FAILED,
  /**
   * Admitted, and finished without an outcome ({@link EdgeExchange#cancel}: the client went away or
   * the handler never ran); reported with status 0, since no response was sent.
   */
  CANCELLED,
  /** Answered by the CORS gate: a preflight (204 allowed, 403 refused) or a refused origin (403). */
  CORS,
  /** Refused by the rate limit (429). */
  RATE_LIMIT,
  /** Refused by the concurrency limit (503). */
  CONCURRENCY,
  /** Refused by validation (400, 413, 415), before the handler or by {@link EdgeExchange#checkBody}. */
  VALIDATION,
  /** Refused by the open circuit breaker (503). */
  CIRCUIT_BREAKER,
  /** Refused because the edge is draining ({@link EdgeGate#DRAINING}). */
  DRAINING;

  /**
   * Returns the outcome of a request the given gate answered.
   *
   * @param gate the gate
   * @return the outcome named after the gate
   */
  public static EdgeOutcome of(EdgeGate gate) {
    return switch (gate) {
      case CORS -> CORS;
      case RATE_LIMIT -> RATE_LIMIT;
      case CONCURRENCY -> CONCURRENCY;
      case VALIDATION -> VALIDATION;
      case CIRCUIT_BREAKER -> CIRCUIT_BREAKER;
      case DRAINING -> DRAINING;
    };
  }
}
