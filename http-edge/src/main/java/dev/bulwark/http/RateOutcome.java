package dev.bulwark.http;

import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.ratelimit.RateLimitDecision;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A rate-limit decision with the names the response fields need.
 *
 * @param decision the limiter's decision; of a granted outcome a gate reuses ({@link GrantedOutcomes}),
 *     the reset is the decision's whole seconds (the only unit anything reads it in)
 * @param quotedName the deciding policy's name as a Structured Field String
 * @param policyField the whole {@code RateLimit-Policy} value
 * @param constantPolicy the {@code RateLimit-Policy} field as a one-element list that is the same
 *     instance on every outcome of its gate (a constant list for {@link EdgeResponse#setHeaders}),
 *     or null when the field depends on the decision (a hierarchical limiter's deciding level)
 * @param renderedLimit the {@code RateLimit} value rendered when the outcome was made, for an
 *     outcome a gate reuses ({@link GrantedOutcomes}: rendered once, not per response); null to
 *     render it when asked
 */
record RateOutcome(
    RateLimitDecision decision,
    String quotedName,
    String policyField,
    @Nullable List<ResponseHeader> constantPolicy,
    @Nullable String renderedLimit) {

  /** An outcome whose {@code RateLimit} value is rendered when asked. */
  RateOutcome(RateLimitDecision decision, String quotedName, String policyField,
      @Nullable List<ResponseHeader> constantPolicy) {
    this(decision, quotedName, policyField, constantPolicy, null);
  }

  /** Returns the {@code RateLimit-Policy} field of {@code policyField} as a constant list. */
  static List<ResponseHeader> constantPolicy(String policyField) {
    return List.of(ResponseHeader.of(RateLimitFields.POLICY, policyField));
  }

  /** Returns the {@code RateLimit} value. */
  String limitField() {
    String r = renderedLimit;
    return r != null ? r : RenderedLimitFields.of(quotedName, decision);
  }
}
