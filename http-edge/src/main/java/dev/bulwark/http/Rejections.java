package dev.bulwark.http;

import dev.bulwark.headers.PreflightDecision;
import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.headers.SecurityHeaders;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Renders refusals and preflight answers as {@link EdgeRejection}s: headers in the documented
 * order (security, CORS, {@code Retry-After}, rate-limit fields) and the body by the route's
 * {@link ErrorBodyWriter}.
 */
final class Rejections {

  private static final byte[] NO_BODY = new byte[0];
  /** Sent with every refusal of a draining edge, so that clients reconnect elsewhere. */
  static final ResponseHeader CONNECTION_CLOSE = ResponseHeader.of("Connection", "close");

  private Rejections() {}

  /**
   * Renders a refusal. {@code nonce} is the exchange's nonce, or null to draw one if needed;
   * {@code context} the request's context, whose identifier (if any) goes in the header and body.
   */
  static EdgeRejection of(
      CompiledRoute route,
      boolean secure,
      String path,
      @Nullable String nonce,
      Refusal refusal,
      List<ResponseHeader> cors,
      @Nullable RateOutcome rate,
      @Nullable RequestContext context) {
    EdgeConfig config = route.config;
    List<ResponseHeader> headers = securityHeaders(route.securityHeaders, secure, nonce);
    headers.addAll(cors);
    String requestId = requestId(config, context, headers);
    if (refusal.retryAfter() >= 0) {
      headers.add(ResponseHeader.of("Retry-After", Long.toString(refusal.retryAfter())));
    }
    if (rate != null) {
      RateLimitFields.addTo(headers, rate, config);
    }
    if (refusal.gate() == EdgeGate.DRAINING) {
      headers.add(CONNECTION_CLOSE);
    }
    int status = refusal.status();
    String base = config.problemTypeBase();
    ErrorBody.Builder body = ErrorBody.builder(status)
        .type(base == null ? "about:blank" : base + Statuses.slug(refusal.gate(), status))
        .detail(refusal.detail())
        .instance(path)
        .violations(refusal.violations())
        .timestamp(config.clock().instant())
        .gate(refusal.gate())
        .route(route.name);
    if (requestId != null) {
      body.requestId(requestId);
    }
    if (refusal.retryAfter() >= 0) {
      body.retryAfterSeconds(refusal.retryAfter());
    }
    if (rate != null && refusal.gate() == EdgeGate.RATE_LIMIT) {
      body.limit(rate.decision().limit());
    }
    ErrorBodies.Rendered rendered = ErrorBodies.render(route.errorBodyWriter, body.build());
    return new EdgeRejection(status, refusal.gate(), headers, rendered.contentType(), rendered.bytes(),
        refusal.retryAfter(), refusal.violations());
  }

  /** Renders the answer to a CORS preflight: 204 without a body, or a 403 refusal. */
  static EdgeRejection preflight(
      CompiledRoute route, boolean secure, String path, PreflightDecision d, @Nullable RequestContext context) {
    if (!d.allowed()) {
      String reason = String.valueOf(d.reason());
      Refusal refusal = Refusal.of(EdgeGate.CORS, Statuses.FORBIDDEN,
          "CORS preflight refused: " + Texts.truncate(reason), -1);
      return of(route, secure, path, null, refusal, d.headers(), null, context);
    }
    List<ResponseHeader> headers = securityHeaders(route.securityHeaders, secure, null);
    headers.addAll(d.headers());
    requestId(route.config, context, headers);
    return new EdgeRejection(
        Statuses.NO_CONTENT, EdgeGate.CORS, headers, null, NO_BODY, -1, List.of());
  }

  /** Adds the request identifier's header, when the edge has identifiers; returns the identifier. */
  private static @Nullable String requestId(
      EdgeConfig config, @Nullable RequestContext context, List<ResponseHeader> headers) {
    RequestIds ids = config.requestIds();
    String id = context == null ? null : context.requestId;
    if (ids != null && id != null) {
      headers.add(ResponseHeader.of(ids.headerName(), id));
    }
    return id;
  }

  private static List<ResponseHeader> securityHeaders(
      SecurityHeaders security, boolean secure, @Nullable String nonce) {
    String n = nonce == null && security.usesNonce() ? security.newNonce() : nonce;
    return new ArrayList<>(security.headersFor(secure, n));
  }
}
