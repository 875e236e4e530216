/**
 * Bulwark security headers: a response-header policy with OWASP-grade profiles, a
 * Content-Security-Policy builder with per-request nonces, and a CORS policy that refuses the
 * classic misconfigurations.
 *
 * <p>No runtime dependency beyond the JDK. Only {@code dev.bulwark.headers} is exported.
 */
module dev.bulwark.headers {
  requires dev.bulwark.core;
  requires static transitive org.jspecify;

  exports dev.bulwark.headers;
}
