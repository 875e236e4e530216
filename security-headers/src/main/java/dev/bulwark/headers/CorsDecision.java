package dev.bulwark.headers;

import dev.bulwark.headers.internal.HeaderSyntax;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@link CorsPolicy#actual(String)} decided for a non-preflight request: the CORS headers to
 * add to the handler's response. The response itself goes ahead either way; without the
 * {@code Access-Control-Allow-Origin} header the browser withholds it from the calling page.
 * Immutable and thread-safe; common decisions are shared instances.
 */
public final class CorsDecision {

  private final List<ResponseHeader> headers;
  private final @Nullable CorsRefusal refusal;

  CorsDecision(List<ResponseHeader> headers, @Nullable CorsRefusal refusal) {
    this.headers = List.copyOf(headers);
    this.refusal = refusal;
  }

  /**
   * Returns whether the calling origin may read the response.
   *
   * @return true if the headers include {@code Access-Control-Allow-Origin}
   */
  public boolean allowed() {
    return refusal == null;
  }

  /**
   * Returns the headers to add to the response, in order. When refused this is
   * {@code Vary: Origin} alone (if the policy lists origins), so that caches keep the answers for
   * different origins apart; merge it with any {@code Vary} the response already has.
   *
   * @return an immutable list, possibly empty
   */
  public List<ResponseHeader> headers() {
    return headers;
  }

  /**
   * Returns why the origin was not allowed.
   *
   * @return the refusal, or null if allowed
   */
  public @Nullable CorsRefusal refusal() {
    return refusal;
  }

  /**
   * Returns a description for logs and tests.
   *
   * @return such as {@code allowed [Access-Control-Allow-Origin: https://a.com, Vary: Origin]}
   */
  @Override
  public String toString() {
    CorsRefusal r = refusal;
    return (r == null ? "allowed " : "refused (" + r.description() + ") ") + headers;
  }

  static String describe(CorsRefusal refusal, @Nullable String detail) {
    return detail == null ? refusal.description() : refusal.description() + ": " + HeaderSyntax.quote(detail);
  }
}
