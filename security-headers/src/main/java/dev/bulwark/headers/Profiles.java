package dev.bulwark.headers;

import static dev.bulwark.headers.CspDirective.BASE_URI;
import static dev.bulwark.headers.CspDirective.DEFAULT_SRC;
import static dev.bulwark.headers.CspDirective.FORM_ACTION;
import static dev.bulwark.headers.CspDirective.FRAME_ANCESTORS;
import static dev.bulwark.headers.CspDirective.OBJECT_SRC;

import java.time.Duration;

/** The built-in profiles of {@link SecurityHeaders}; their values are documented there. */
final class Profiles {

  private static final Duration TWO_YEARS = Duration.ofDays(730);
  private static final Duration ONE_YEAR = Duration.ofDays(365);

  private Profiles() {}

  static SecurityHeaders strict() {
    ContentSecurityPolicy csp =
        ContentSecurityPolicy.builder()
            .directive(DEFAULT_SRC, "'self'")
            .directive(OBJECT_SRC, "'none'")
            .directive(BASE_URI, "'self'")
            .directive(FRAME_ANCESTORS, "'none'")
            .directive(FORM_ACTION, "'self'")
            .build();
    return SecurityHeaders.builder()
        .header("X-Frame-Options", "DENY")
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .strictTransportSecurity(TWO_YEARS, true, false)
        .contentSecurityPolicy(csp)
        .header("Cross-Origin-Opener-Policy", "same-origin")
        .header("Cross-Origin-Resource-Policy", "same-origin")
        .header("X-XSS-Protection", "0")
        .header("X-Permitted-Cross-Domain-Policies", "none")
        .header("X-DNS-Prefetch-Control", "off")
        .header("Origin-Agent-Cluster", "?1")
        .header("Permissions-Policy", SecurityHeaders.DENY_ALL_PERMISSIONS)
        .removeFromResponse("X-Powered-By", "Server")
        .build();
  }

  static SecurityHeaders api() {
    ContentSecurityPolicy csp =
        ContentSecurityPolicy.builder()
            .directive(DEFAULT_SRC, "'none'")
            .directive(FRAME_ANCESTORS, "'none'")
            .build();
    return SecurityHeaders.builder()
        .header("X-Frame-Options", "DENY")
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .strictTransportSecurity(TWO_YEARS, true, false)
        .contentSecurityPolicy(csp)
        .header("Cache-Control", "no-store")
        .header("Cross-Origin-Resource-Policy", "same-origin")
        .removeFromResponse("X-Powered-By", "Server")
        .build();
  }

  static SecurityHeaders legacy() {
    ContentSecurityPolicy csp =
        ContentSecurityPolicy.builder().directive(DEFAULT_SRC, "'self'").build();
    return SecurityHeaders.builder()
        .header("X-Frame-Options", "DENY")
        .header("X-Content-Type-Options", "nosniff")
        .header("X-XSS-Protection", "1; mode=block")
        .header("Referrer-Policy", "strict-origin-when-cross-origin")
        .strictTransportSecurity(ONE_YEAR, true, false)
        .contentSecurityPolicy(csp)
        .build();
  }
}
