package dev.bulwark.http;

import dev.bulwark.ratelimit.RateLimitDecision;

/**
 * A rate-limit decision with the names the response fields need.
 *
 * @param decision the limiter's decision
 * @param quotedName the deciding policy's name as a Structured Field String
 * @param policyField the whole {@code RateLimit-Policy} value
 */
record RateOutcome(RateLimitDecision decision, String quotedName, String policyField) {

  /** Returns the {@code RateLimit} value. */
  String limitField() {
    return RenderedLimitFields.of(quotedName, decision);
  }
}
