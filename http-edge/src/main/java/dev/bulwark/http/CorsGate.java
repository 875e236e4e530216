package dev.bulwark.http;

import dev.bulwark.headers.CorsPolicy;
import java.util.Objects;

/**
 * The CORS gate of a route, one immutable value given to {@link RouteBuilder#cors(CorsGate)}:
 * preflights are answered by the edge (204, or 403 when refused) and never reach the handler; actual
 * requests get the CORS headers for their origin, and with {@link #rejectDisallowedOrigins()} a 403
 * when their origin is not allowed. Thread-safe.
 */
public final class CorsGate {

  final CorsPolicy policy;
  final boolean rejectDisallowedOrigins;

  private CorsGate(CorsPolicy policy, boolean rejectDisallowedOrigins) {
    this.policy = policy;
    this.rejectDisallowedOrigins = rejectDisallowedOrigins;
  }

  /**
   * Applies a CORS policy; actual requests from an origin it does not allow only go without CORS
   * headers.
   *
   * @param policy the policy
   * @return the gate
   */
  public static CorsGate of(CorsPolicy policy) {
    return new CorsGate(Objects.requireNonNull(policy, "policy"), false);
  }

  /**
   * Returns this gate refusing (403) actual requests whose {@code Origin} the policy does not
   * allow, instead of only withholding the CORS headers. Requests without {@code Origin}, and
   * requests whose {@code Origin} is the request's own ({@code http[s]://} + {@code Host}), always
   * pass.
   *
   * @return a new gate
   */
  public CorsGate rejectDisallowedOrigins() {
    return new CorsGate(policy, true);
  }

  /** Returns the policy, and whether disallowed origins are refused, as a description. */
  @Override
  public String toString() {
    return policy + (rejectDisallowedOrigins ? ", rejectDisallowedOrigins" : "");
  }
}
