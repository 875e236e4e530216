package dev.bulwark.headers;

import org.jspecify.annotations.Nullable;

/**
 * One configured header of a {@link SecurityHeaders}: a fixed header, or a Content-Security-Policy
 * whose value may depend on the per-request nonce. {@code secureOnly} marks
 * Strict-Transport-Security, which is sent only on secure requests.
 */
record HeaderSlot(
    ResponseHeader header, @Nullable ContentSecurityPolicy policy, boolean secureOnly) {

  static HeaderSlot fixed(ResponseHeader header) {
    return new HeaderSlot(header, null, false);
  }

  static HeaderSlot secureOnly(ResponseHeader header) {
    return new HeaderSlot(header, null, true);
  }

  static HeaderSlot policy(ContentSecurityPolicy policy) {
    // The header holds the policy text with a {nonce} placeholder; it is only used for toString.
    return new HeaderSlot(
        new ResponseHeader(policy.headerName(), policy.toString()), policy, false);
  }

  String name() {
    return header.name();
  }
}
