package dev.bulwark.http;

/**
 * What {@link EdgeExchange#complete(int)} reports to a route's circuit breaker for a 5xx response,
 * so that the breaker counts it as a failure like a thrown exception. A breaker configured with
 * {@code recordExceptions} or {@code ignoreExceptions} predicates sees this type: keep it recorded
 * (the default) unless 5xx responses should not trip the breaker.
 *
 * <p>It carries no stack trace (it is created without one, cheaply) and is never thrown by
 * Bulwark.
 */
public final class ServerErrorException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The response status, 500 to 599. */
  private final int status;

  /**
   * Creates the report of one 5xx response.
   *
   * @param status the response status, 500 to 599
   * @throws IllegalArgumentException if {@code status} is not a 5xx status
   */
  public ServerErrorException(int status) {
    super("the handler answered " + status, null, false, false);
    if (status < 500 || status > 599) {
      throw new IllegalArgumentException("status must be 500 to 599 but was " + status);
    }
    this.status = status;
  }

  /**
   * Returns the response status.
   *
   * @return 500 to 599
   */
  public int status() {
    return status;
  }
}
