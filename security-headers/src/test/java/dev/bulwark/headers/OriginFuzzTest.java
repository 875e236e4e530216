package dev.bulwark.headers;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fuzzes the origin parser and the CORS origin matcher against an independent reference written
 * with a regular expression. In the normal build this runs the seed inputs in
 * {@code src/test/resources/dev/bulwark/headers/OriginFuzzTestInputs}; {@code -Pfuzz} fuzzes it.
 *
 * <p>Properties: parsing never throws for untrusted input; it accepts exactly what the reference
 * accepts, with the same (scheme, host, port) tuple; the CORS policy allows exactly the origins
 * whose reference tuple is allowed; and an allowed origin is echoed verbatim, which is safe only
 * because it is plain visible ASCII.
 */
class OriginFuzzTest {

  /** scheme "://" (reg-name | [ipv6]) [":" port], ASCII only. */
  private static final Pattern REFERENCE =
      Pattern.compile(
          "([A-Za-z][A-Za-z0-9+.-]*)://"
              + "([A-Za-z0-9_-]{1,63}(?:\\.[A-Za-z0-9_-]{1,63})*|\\[[0-9A-Fa-f:.]+\\])"
              + "(?::([0-9]{1,5}))?");

  private static final CorsPolicy POLICY =
      CorsPolicy.builder()
          .allowOrigins("https://trusted.com", "http://127.0.0.1:8080", "https://*.example.com")
          .allowCredentials()
          .build();

  private static final List<String> PIECES =
      List.of(
          "https://", "HTTPS://", "http://", "trusted.com", "TRUSTED.COM", "example.com", ".",
          ":443", ":8080", ":0", "@", "/", "127.0.0.1", "[::1]", "*", "null", "\u212A", "%2e", "\r\n",
          "xn--", "a", "-", "_", "\\", "?", "#");

  @FuzzTest(maxDuration = "35s")
  void parserAndMatcherAgreeWithTheReference(FuzzedDataProvider data) {
    String origin = data.consumeBoolean() ? structured(data) : data.consumeRemainingAsString();

    Origin parsed = Origin.tryParse(origin);
    Origin expected = reference(origin);
    assertThat(parsed).isEqualTo(expected);

    boolean allowed = expected != null && allowedByReference(expected);
    CorsDecision decision = POLICY.actual(origin);
    assertThat(decision.allowed()).isEqualTo(allowed);
    assertThat(POLICY.isOriginAllowed(origin)).isEqualTo(allowed);
    if (allowed) {
      assertThat(decision.headers().get(0)).isEqualTo(ResponseHeader.of("Access-Control-Allow-Origin", origin));
      assertThat(POLICY.preflight(origin, "GET", List.of()).status()).isEqualTo(204);
    } else {
      assertThat(decision.headers()).containsExactly(ResponseHeader.of("Vary", "Origin"));
      assertThat(POLICY.preflight(origin, "GET", List.of()).status()).isEqualTo(403);
    }
    if (parsed != null) {
      assertThat(Origin.parse(parsed.toString())).isEqualTo(parsed);
    }
  }

  private static String structured(FuzzedDataProvider data) {
    StringBuilder sb = new StringBuilder();
    int parts = data.consumeInt(1, 8);
    for (int i = 0; i < parts; i++) {
      sb.append(data.consumeBoolean() ? data.pickValue(PIECES) : data.consumeString(6));
    }
    return sb.toString();
  }

  private static Origin reference(String s) {
    if (s.length() > 2048) {
      return null;
    }
    Matcher m = REFERENCE.matcher(s);
    if (!m.matches()) {
      return null;
    }
    String host = m.group(2);
    if (host.length() > 253) {
      return null;
    }
    // An IPv6 literal has at least two colons and at most 45 characters inside the brackets.
    if (host.startsWith("[") && (host.chars().filter(c -> c == ':').count() < 2 || host.length() > 47)) {
      return null;
    }
    if (m.group(3) != null) {
      int port = Integer.parseInt(m.group(3));
      if (port < 1 || port > 65535) {
        return null;
      }
    }
    // Re-serialise canonically and let the parser build the tuple object; the comparison that
    // matters (accept/reject, scheme, host, port) is checked field by field below.
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    int port = m.group(3) != null ? Integer.parseInt(m.group(3)) : defaultPort(scheme);
    Origin origin = Origin.parse(scheme + "://" + host.toLowerCase(Locale.ROOT) + (port < 0 ? "" : ":" + port));
    assertThat(origin.scheme()).isEqualTo(scheme);
    assertThat(origin.host()).isEqualTo(host.toLowerCase(Locale.ROOT));
    assertThat(origin.port()).isEqualTo(port);
    return origin;
  }

  private static int defaultPort(String scheme) {
    return switch (scheme) {
      case "http", "ws" -> 80;
      case "https", "wss" -> 443;
      case "ftp" -> 21;
      default -> -1;
    };
  }

  private static boolean allowedByReference(Origin o) {
    if (o.equals(Origin.parse("https://trusted.com")) || o.equals(Origin.parse("http://127.0.0.1:8080"))) {
      return true;
    }
    return o.scheme().equals("https")
        && o.port() == 443
        && o.host().endsWith(".example.com")
        && o.host().length() > ".example.com".length();
  }
}
