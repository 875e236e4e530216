package dev.bulwark.http.client;

import java.net.http.HttpHeaders;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads from a response's {@code RateLimit} fields how long until the server's quota allows
 * another request, when a quota is exhausted.
 *
 * <p>Formats read:
 * <ul>
 *   <li>draft-ietf-httpapi-ratelimit-headers-10 (what Bulwark's edge sends): {@code RateLimit} is a
 *       list of quota items, {@code "default";r=0;t=30}: {@code r} the remaining units, {@code t}
 *       the seconds until more are available. When an item says {@code r=0} without {@code t},
 *       the window {@code w} of the {@code RateLimit-Policy} item of the same name stands in for
 *       it ({@code "default";q=100;w=60}): the quota refills within one window.
 *   <li>earlier drafts (03 to 06): {@code RateLimit: limit=100, remaining=0, reset=30}, and the
 *       separate fields {@code RateLimit-Remaining: 0} with {@code RateLimit-Reset: 30}.
 * </ul>
 *
 * <p>The wait is the longest {@code t} (or {@code reset}) among the exhausted quotas; a quota with
 * units left asks for no wait. Values that are not non-negative integers are ignored, as is a
 * malformed field: a server's bad header never fails a call. Stateless.
 */
final class RateLimitHeaders {

  static final String LIMIT = "RateLimit";
  static final String POLICY = "RateLimit-Policy";
  static final String LEGACY_REMAINING = "RateLimit-Remaining";
  static final String LEGACY_RESET = "RateLimit-Reset";

  private RateLimitHeaders() {}

  /**
   * Returns the seconds until an exhausted quota allows another request, or -1 if no quota is
   * exhausted (or nothing says when).
   */
  static long exhaustedWaitSeconds(HttpHeaders headers) {
    long wait = -1;
    List<String> limits = headers.allValues(LIMIT);
    for (String value : limits) {
      wait = Math.max(wait, fromLimitField(value, headers));
    }
    String remaining = headers.firstValue(LEGACY_REMAINING).orElse(null);
    if (remaining != null && integer(remaining.strip()) == 0) {
      String reset = headers.firstValue(LEGACY_RESET).orElse(null);
      if (reset != null) {
        wait = Math.max(wait, integer(reset.strip()));
      }
    }
    return wait;
  }

  /** One {@code RateLimit} field value, in the draft-10 list form or the older dictionary form. */
  private static long fromLimitField(String value, HttpHeaders headers) {
    long wait = -1;
    long legacyRemaining = -1;
    long legacyReset = -1;
    for (String member : members(value)) {
      String head = beforeParameters(member);
      int eq = head.indexOf('=');
      if (eq > 0) {                            // dictionary form: remaining=0, reset=30
        String key = head.substring(0, eq).strip();
        long number = integer(head.substring(eq + 1).strip());
        if (key.equals("remaining")) {
          legacyRemaining = number;
        } else if (key.equals("reset")) {
          legacyReset = number;
        }
        continue;
      }
      if (parameter(member, "r") != 0) {       // draft-10 item: "name";r=0;t=30
        continue;
      }
      long t = parameter(member, "t");
      if (t < 0) {
        t = policyWindow(head.strip(), headers);
      }
      wait = Math.max(wait, t);
    }
    if (legacyRemaining == 0 && legacyReset >= 0) {
      wait = Math.max(wait, legacyReset);
    }
    return wait;
  }

  /** The {@code w} of the {@code RateLimit-Policy} item named {@code name}, or -1. */
  private static long policyWindow(String name, HttpHeaders headers) {
    for (String value : headers.allValues(POLICY)) {
      for (String member : members(value)) {
        if (beforeParameters(member).strip().equals(name)) {
          return parameter(member, "w");
        }
      }
    }
    return -1;
  }

  /** Splits a structured-field list at top-level commas (not inside quoted strings). */
  private static List<String> members(String value) {
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        out.add(value.substring(start, i).strip());
        start = i + 1;
      }
    }
    out.add(value.substring(start).strip());
    return out;
  }

  /** The member up to its first parameter (outside quotes). */
  private static String beforeParameters(String member) {
    int semicolon = semicolonOutsideQuotes(member, 0);
    return semicolon < 0 ? member : member.substring(0, semicolon);
  }

  /** The integer value of parameter {@code key} of a member, or -1 if absent or not an integer. */
  private static long parameter(String member, String key) {
    int at = semicolonOutsideQuotes(member, 0);
    while (at >= 0) {
      int next = semicolonOutsideQuotes(member, at + 1);
      String param = (next < 0 ? member.substring(at + 1) : member.substring(at + 1, next)).strip();
      int eq = param.indexOf('=');
      if (eq > 0 && param.substring(0, eq).strip().equals(key)) {
        return integer(param.substring(eq + 1).strip());
      }
      at = next;
    }
    return -1;
  }

  private static int semicolonOutsideQuotes(String s, int from) {
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (c == ';' && !quoted && i >= from) {
        return i;
      }
    }
    return -1;
  }

  /** A non-negative decimal integer (saturated at Long.MAX_VALUE), or -1. */
  private static long integer(@Nullable String s) {
    if (s == null || s.isEmpty() || s.length() > 18) {
      return s != null && s.length() > 18 && allDigits(s) ? Long.MAX_VALUE : -1;
    }
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
