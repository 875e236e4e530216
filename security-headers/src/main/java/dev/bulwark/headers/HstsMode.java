package dev.bulwark.headers;

/**
 * When Strict-Transport-Security is sent, set with {@link SecurityHeadersBuilder#hsts(HstsMode)}.
 * The request counts as secure over TLS, or when a trusted proxy says so
 * ({@code X-Forwarded-Proto} / {@code Forwarded: proto=}, see the edge's client IP resolver).
 */
public enum HstsMode {
  /** Send the configured HSTS header on every response, secure or not (behind a TLS terminator that states nothing). */
  ALWAYS,
  /** Send it on secure requests only: the default. */
  SECURE_ONLY,
  /** Never send it, whatever the profile or {@code strictTransportSecurity} configured. */
  NEVER
}
