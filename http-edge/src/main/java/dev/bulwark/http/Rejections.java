package dev.bulwark.http;

import dev.bulwark.headers.PreflightDecision;
import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.headers.SecurityHeaders;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Renders refusals and preflight answers as {@link EdgeRejection}s: headers in the documented
 * order (security, CORS, {@code Retry-After}, rate-limit fields) and the body in the edge's
 * {@link ErrorFormat}.
 */
final class Rejections {

  static final String PROBLEM_JSON = "application/problem+json";
  static final String JSON = "application/json";
  private static final byte[] NO_BODY = new byte[0];

  private Rejections() {}

  /** Renders a refusal. {@code nonce} is the exchange's nonce, or null to draw one if needed. */
  static EdgeRejection of(
      EdgeConfig config,
      SecurityHeaders security,
      boolean secure,
      String path,
      @Nullable String nonce,
      Refusal refusal,
      List<ResponseHeader> cors,
      @Nullable RateOutcome rate) {
    List<ResponseHeader> headers = securityHeaders(security, secure, nonce);
    headers.addAll(cors);
    if (refusal.retryAfter() >= 0) {
      headers.add(ResponseHeader.of("Retry-After", Long.toString(refusal.retryAfter())));
    }
    if (rate != null) {
      RateLimitFields.addTo(headers, rate, config.legacyHeaders());
    }
    int status = refusal.status();
    byte[] body;
    String contentType;
    if (config.format() == ErrorFormat.PROBLEM_JSON) {
      String base = config.problemTypeBase();
      String type = base == null ? "about:blank" : base + Statuses.slug(refusal.gate(), status);
      body = ErrorBodies.problem(
          type, status, refusal.detail(), path, refusal.retryAfter(), refusal.violations());
      contentType = PROBLEM_JSON;
    } else {
      body = ErrorBodies.envelope(status, refusal.detail(), refusal.retryAfter(), config.clock().instant());
      contentType = JSON;
    }
    return new EdgeRejection(
        status, refusal.gate(), headers, contentType, body, refusal.retryAfter(), refusal.violations());
  }

  /** Renders the answer to a CORS preflight: 204 without a body, or a 403 refusal. */
  static EdgeRejection preflight(
      EdgeConfig config, SecurityHeaders security, boolean secure, String path, PreflightDecision d) {
    if (!d.allowed()) {
      String reason = String.valueOf(d.reason());
      Refusal refusal = Refusal.of(EdgeGate.CORS, Statuses.FORBIDDEN,
          "CORS preflight refused: " + Texts.truncate(reason), -1);
      return of(config, security, secure, path, null, refusal, d.headers(), null);
    }
    List<ResponseHeader> headers = securityHeaders(security, secure, null);
    headers.addAll(d.headers());
    return new EdgeRejection(
        Statuses.NO_CONTENT, EdgeGate.CORS, headers, null, NO_BODY, -1, List.of());
  }

  private static List<ResponseHeader> securityHeaders(
      SecurityHeaders security, boolean secure, @Nullable String nonce) {
    String n = nonce == null && security.usesNonce() ? security.newNonce() : nonce;
    return new ArrayList<>(security.headersFor(secure, n));
  }
}
