package dev.bulwark.headers.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The legal values of the security headers that take a keyword, so a typo such as
 * {@code X-Frame-Options: SAME-ORIGIN} (which browsers silently ignore, leaving the page frameable)
 * fails at build time instead. Comparison ignores ASCII case, as browsers do. Headers not listed
 * here are only checked for syntax.
 */
public final class KnownHeaderValues {

  private static final Map<String, Set<String>> VALUES =
      Map.of(
          "x-frame-options", Set.of("deny", "sameorigin"),
          "x-content-type-options", Set.of("nosniff"),
          "x-xss-protection", Set.of("0", "1", "1; mode=block"),
          "x-dns-prefetch-control", Set.of("on", "off"),
          "x-permitted-cross-domain-policies",
              Set.of("none", "master-only", "by-content-type", "by-ftp-filename", "all",
                  "none-this-response"),
          "cross-origin-opener-policy",
              Set.of("same-origin", "same-origin-allow-popups", "noopener-allow-popups",
                  "unsafe-none"),
          "cross-origin-embedder-policy", Set.of("require-corp", "credentialless", "unsafe-none"),
          "cross-origin-resource-policy", Set.of("same-origin", "same-site", "cross-origin"),
          "origin-agent-cluster", Set.of("?0", "?1"));

  private static final Set<String> REFERRER_POLICIES =
      Set.of(
          "no-referrer",
          "no-referrer-when-downgrade",
          "origin",
          "origin-when-cross-origin",
          "same-origin",
          "strict-origin",
          "strict-origin-when-cross-origin",
          "unsafe-url");

  private KnownHeaderValues() {}

  /**
   * Checks a value against the header's keywords.
   *
   * @param name the header name, any case
   * @param value the value, already syntax-checked
   * @return null if the value is legal or the header is not listed, else the problem
   */
  public static @Nullable String problem(String name, String value) {
    String lowerName = name.toLowerCase(Locale.ROOT);
    String lowerValue = value.toLowerCase(Locale.ROOT);
    if (lowerName.equals("referrer-policy")) {
      // A comma-separated list: browsers use the last token they understand.
      for (String token : lowerValue.split(",", -1)) {
        if (!REFERRER_POLICIES.contains(token.strip())) {
          return "is not a list of referrer policies " + new TreeSet<>(REFERRER_POLICIES);
        }
      }
      return null;
    }
    Set<String> legal = VALUES.get(lowerName);
    if (legal == null || legal.contains(lowerValue)) {
      return null;
    }
    return "is not one of " + new TreeSet<>(legal);
  }
}
