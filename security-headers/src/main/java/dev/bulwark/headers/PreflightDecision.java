package dev.bulwark.headers;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@link CorsPolicy#preflight} decided for a CORS preflight ({@code OPTIONS} with
 * {@code Origin} and {@code Access-Control-Request-Method}): the whole response, since a preflight
 * never reaches the application's handler. Immutable and thread-safe; common decisions are shared
 * instances.
 *
 * <p>Allowed: status 204 with {@code Access-Control-Allow-*} headers. Refused: status 403 with only
 * {@code Vary}, and a {@link #reason()} for the log; the browser then blocks the actual request.
 */
public final class PreflightDecision {

  /** The status of an allowed preflight: 204 No Content. */
  public static final int ALLOWED_STATUS = 204;

  /** The status of a refused preflight: 403 Forbidden. */
  public static final int REFUSED_STATUS = 403;

  private final List<ResponseHeader> headers;
  private final @Nullable CorsRefusal refusal;
  private final @Nullable String detail;

  PreflightDecision(
      List<ResponseHeader> headers, @Nullable CorsRefusal refusal, @Nullable String detail) {
    this.headers = List.copyOf(headers);
    this.refusal = refusal;
    this.detail = detail;
  }

  /**
   * Returns whether the preflight is allowed.
   *
   * @return true if the actual request may follow
   */
  public boolean allowed() {
    return refusal == null;
  }

  /**
   * Returns the status to answer with.
   *
   * @return {@value #ALLOWED_STATUS} or {@value #REFUSED_STATUS}
   */
  public int status() {
    return refusal == null ? ALLOWED_STATUS : REFUSED_STATUS;
  }

  /**
   * Returns the response headers, in order.
   *
   * @return an immutable list
   */
  public List<ResponseHeader> headers() {
    return headers;
  }

  /**
   * Returns why the preflight was refused.
   *
   * @return the refusal, or null if allowed
   */
  public @Nullable CorsRefusal refusal() {
    return refusal;
  }

  /**
   * Returns the refusal with the offending value, for logs, such as
   * {@code the method is not allowed: "DELETE"}. Hostile characters are escaped.
   *
   * @return the reason, or null if allowed
   */
  public @Nullable String reason() {
    CorsRefusal r = refusal;
    return r == null ? null : CorsDecision.describe(r, detail);
  }

  /**
   * Returns a description for logs and tests.
   *
   * @return such as {@code 204 [Access-Control-Allow-Origin: https://a.com, ...]}
   */
  @Override
  public String toString() {
    String reason = reason();
    return status() + (reason == null ? " " : " (" + reason + ") ") + headers;
  }
}
