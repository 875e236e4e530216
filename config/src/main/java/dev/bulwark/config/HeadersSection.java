package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.headers.ContentSecurityPolicy;
import dev.bulwark.headers.HstsMode;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.headers.SecurityHeadersBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code securityHeaders} section into {@link SecurityHeaders}: a profile name
 * ({@code strict}, {@code api}, {@code legacy} or {@code none}), or an object that starts from a
 * profile (default {@code strict}) and changes it with the {@link SecurityHeadersBuilder} methods
 * of the same names. The Content-Security-Policy is read by {@link CspSection}.
 */
final class HeadersSection {

  static final List<String> KEYS = List.of(
      "profile", "headers", "omit", "strictTransportSecurity", "removeFromResponse",
      "contentSecurityPolicy", "hsts");
  static final Map<String, HstsMode> HSTS_MODES = hstsModes();
  static final List<String> HSTS_KEYS = List.of("maxAge", "includeSubDomains", "preload");

  private static final Map<String, SecurityHeaders> PROFILES = profiles();

  private HeadersSection() {}

  private static Map<String, HstsMode> hstsModes() {
    Map<String, HstsMode> map = new LinkedHashMap<>();
    map.put("always", HstsMode.ALWAYS);
    map.put("secure-only", HstsMode.SECURE_ONLY);
    map.put("never", HstsMode.NEVER);
    return map;
  }

  private static Map<String, SecurityHeaders> profiles() {
    Map<String, SecurityHeaders> map = new LinkedHashMap<>();
    map.put("strict", SecurityHeaders.strict());
    map.put("api", SecurityHeaders.api());
    map.put("legacy", SecurityHeaders.legacy());
    map.put("none", SecurityHeaders.builder().build());
    return map;
  }

  static @Nullable SecurityHeaders read(JsonNode node, String path, Problems problems) {
    if (node.isTextual()) {
      SecurityHeaders profile = PROFILES.get(node.textValue());
      if (profile == null) {
        problems.bad(path, node, profileExpected());
      }
      return profile;
    }
    if (!node.isObject()) {
      problems.bad(path, node, profileExpected());
      return null;
    }
    Fields f = Fields.open(node, path, problems, KEYS);
    if (f == null) {
      return null;
    }
    SecurityHeaders profile = f.get("profile", Values.oneOf(PROFILES));
    if (profile == null && f.has("profile")) {
      return null;
    }
    SecurityHeaders base = profile != null ? profile : SecurityHeaders.strict();
    SecurityHeadersBuilder b = base.toBuilder();
    Fields headers = f.has("headers") ? Fields.openMap(f.node("headers"), f.path("headers"), problems) : null;
    if (headers != null) {
      for (String name : headers.keys()) {
        headers.apply(name, Values::string, value -> b.header(name, value));
      }
    }
    f.strings("omit", names -> {
      for (String name : names) {
        b.omit(name);
      }
    });
    Fields hsts = f.object("strictTransportSecurity", HSTS_KEYS);
    if (hsts != null) {
      Duration maxAge = hsts.required("maxAge", Values::duration);
      Boolean subDomains = hsts.get("includeSubDomains", Values::bool);
      Boolean preload = hsts.get("preload", Values::bool);
      if (maxAge != null) {
        hsts.build(() -> b.strictTransportSecurity(
            maxAge, Boolean.TRUE.equals(subDomains), Boolean.TRUE.equals(preload)));
      }
    }
    HstsMode hstsMode = f.get("hsts", Values.oneOf(HSTS_MODES));
    if (hstsMode != null) {
      b.hsts(hstsMode);
    }
    f.strings("removeFromResponse", b::removeFromResponse);
    if (f.has("contentSecurityPolicy")) {
      ContentSecurityPolicy csp = CspSection.read(
          f.node("contentSecurityPolicy"), f.path("contentSecurityPolicy"), problems,
          base.contentSecurityPolicy());
      if (csp != null) {
        f.attempt("contentSecurityPolicy", () -> b.contentSecurityPolicy(csp));
      }
    }
    return f.build(b::build);
  }

  static String profileExpected() {
    return "expected a profile (" + String.join(", ", PROFILES.keySet()) + ") or an object";
  }
}
