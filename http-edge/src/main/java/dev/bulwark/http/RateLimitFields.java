package dev.bulwark.http;

import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import java.time.Duration;
import java.util.List;

/**
 * Renders the {@code RateLimit-Policy} and {@code RateLimit} header fields of
 * draft-ietf-httpapi-ratelimit-headers-10.
 *
 * <p>What the draft says (sections 3 and 4 of the -10 text,
 * https://www.ietf.org/archive/id/draft-ietf-httpapi-ratelimit-headers-10.txt): both fields are
 * Structured Field Lists (RFC 8941) whose items are Strings naming a quota policy, with
 * parameters. {@code RateLimit-Policy} items carry {@code q} (the quota, required, a non-negative
 * Integer) and {@code w} (the window, a positive Integer of seconds), e.g.
 * {@code RateLimit-Policy: "burst";q=100;w=60,"daily";q=1000;w=86400}. {@code RateLimit} items
 * carry {@code r} (remaining quota units, required) and {@code t} (seconds until more quota is
 * available), e.g. {@code RateLimit: "default";r=50;t=30}. Section 6: a response with both
 * {@code Retry-After} and {@code RateLimit} should not have {@code Retry-After} point earlier
 * than {@code t}.
 *
 * <p>How a Bulwark limit maps onto it: {@code q} is the limit's permits per period, {@code w} its
 * period in seconds (rounded up, at least 1); {@code r} the permits left after this request. For
 * {@code t} the draft wants "seconds until additional quota is made available": on a refusal that
 * is the retry-after, the same value as the {@code Retry-After} header (so section 6 holds); on an
 * admitted request it is the time until the limit is full again, an upper bound. Both rounded up.
 * (A 503 from the concurrency gate or the breaker carries its own, possibly shorter,
 * {@code Retry-After} next to an admitted decision's {@code t}: section 6 guards against retrying
 * into an exhausted quota, and such a request did not exhaust it.)
 * Lists are serialised as RFC 8941 section 4.1.1 does, with {@code ", "} between items.
 */
final class RateLimitFields {

  /** The {@code RateLimit-Policy} field name. */
  static final String POLICY = "RateLimit-Policy";
  /** The {@code RateLimit} field name. */
  static final String LIMIT = "RateLimit";
  static final String LEGACY_LIMIT = "X-RateLimit-Limit";
  static final String LEGACY_REMAINING = "X-RateLimit-Remaining";
  static final String LEGACY_RESET = "X-RateLimit-Reset";

  private RateLimitFields() {}

  /** Returns one policy item: {@code "name";q=100;w=60}. */
  static String policyItem(String name, RateLimit limit) {
    return quote(name) + ";q=" + limit.permits() + ";w=" + windowSeconds(limit);
  }

  /** Returns a whole {@code RateLimit-Policy} value for parallel lists of names and limits. */
  static String policyField(List<String> names, List<RateLimit> limits) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(policyItem(names.get(i), limits.get(i)));
    }
    return sb.toString();
  }

  /** Returns the {@code RateLimit} value for one decision: {@code "name";r=42;t=17}. */
  static String limitField(String quotedName, RateLimitDecision decision) {
    return quotedName + ";r=" + decision.remaining() + ";t=" + resetSeconds(decision);
  }

  /** Returns {@code X-RateLimit-Reset}: the {@code t} parameter, or the epoch second it points at. */
  static String legacyReset(RateLimitDecision decision, EdgeConfig config) {
    long seconds = resetSeconds(decision);
    return Long.toString(config.legacyResetEpoch() ? config.clock().instant().getEpochSecond() + seconds : seconds);
  }

  /** Returns the {@code t} parameter: retry-after when refused, time to full otherwise. */
  static long resetSeconds(RateLimitDecision decision) {
    return decision.allowed() ? decision.resetAfterSeconds() : retryAfterSeconds(decision);
  }

  /** Returns nanoseconds as whole seconds, rounded up, as {@link RateLimitDecision#resetAfterSeconds} does. */
  static long secondsUp(long nanos) {
    return nanos / 1_000_000_000L + (nanos % 1_000_000_000L == 0 ? 0 : 1);
  }

  /** Returns the {@code Retry-After} of a refusal: whole seconds, rounded up, at least 1. */
  static long retryAfterSeconds(RateLimitDecision decision) {
    return Math.max(1, decision.retryAfterSeconds());
  }

  /** Returns the window of a limit in whole seconds, rounded up, at least 1. */
  static long windowSeconds(RateLimit limit) {
    Duration period = limit.period();
    return Math.max(1, period.getSeconds() + (period.getNano() == 0 ? 0 : 1));
  }

  /** Appends the rate-limit fields of a decision to a rejection's headers. */
  static void addTo(List<ResponseHeader> headers, RateOutcome rate, EdgeConfig config) {
    boolean legacy = config.legacyHeaders();
    RateLimitDecision d = rate.decision();
    headers.add(ResponseHeader.of(POLICY, rate.policyField()));
    headers.add(ResponseHeader.of(LIMIT, rate.limitField()));
    if (legacy) {
      headers.add(ResponseHeader.of(LEGACY_LIMIT, Long.toString(d.limit().permits())));
      headers.add(ResponseHeader.of(LEGACY_REMAINING, Long.toString(d.remaining())));
      headers.add(ResponseHeader.of(LEGACY_RESET, legacyReset(d, config)));
    }
  }

  /** Sets the rate-limit fields of a decision on a response. */
  static void writeTo(EdgeResponse response, RateOutcome rate, EdgeConfig config) {
    boolean legacy = config.legacyHeaders();
    RateLimitDecision d = rate.decision();
    List<ResponseHeader> constantPolicy = rate.constantPolicy();
    if (constantPolicy != null) {
      response.setHeaders(constantPolicy); // the same list on every response of the gate
    } else {
      response.setHeader(POLICY, rate.policyField());
    }
    response.setHeader(LIMIT, rate.limitField());
    if (legacy) {
      response.setHeader(LEGACY_LIMIT, Long.toString(d.limit().permits()));
      response.setHeader(LEGACY_REMAINING, Long.toString(d.remaining()));
      response.setHeader(LEGACY_RESET, legacyReset(d, config));
    }
  }

  /**
   * Serialises a Structured Field String: quotes, with {@code \} and {@code "} escaped; characters
   * outside printable ASCII (which an sf-string cannot hold) become {@code ?}.
   */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else {
        sb.append(c < 0x20 || c > 0x7e ? '?' : c);
      }
    }
    return sb.append('"').toString();
  }
}
