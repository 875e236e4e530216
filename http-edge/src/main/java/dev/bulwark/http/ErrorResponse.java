package dev.bulwark.http;

/**
 * A complete error response for an adapter to send: status, content type and body, rendered by a
 * route's {@link ErrorBodyWriter}. The exchange's own headers are written separately, with
 * {@link EdgeExchange#writeHeaders}. Immutable and thread-safe.
 */
public final class ErrorResponse {

  private final int status;
  private final String contentType;
  private final byte[] body;

  ErrorResponse(int status, String contentType, byte[] body) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
  }

  /**
   * Returns the status.
   *
   * @return 400 to 599
   */
  public int status() {
    return status;
  }

  /**
   * Returns the body's content type.
   *
   * @return the writer's content type, such as {@code application/problem+json}
   */
  public String contentType() {
    return contentType;
  }

  /**
   * Returns the body.
   *
   * @return a fresh copy of the bytes
   */
  public byte[] body() {
    return body.clone();
  }

  /**
   * Returns the body's length.
   *
   * @return the number of bytes of {@link #body()}
   */
  public int bodyLength() {
    return body.length;
  }

  @Override
  public String toString() {
    return "ErrorResponse[" + status + ", " + contentType + ", " + body.length + " bytes]";
  }
}
