package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.http.RateLimitKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a route's client key strategy: {@code ip}, {@code ip+user-agent}, {@code route},
 * {@code header:<name>}, {@code principal} (the authenticated user, else the IP),
 * {@code attribute:<name>} (a request attribute, else the IP), or a list of these for {@link RateLimitKey#composite composite}.
 */
final class KeyReader {

  static final String EXPECTED =
      "expected ip, ip+user-agent, route, header:<name>, principal, attribute:<name>, or a list of"
          + " these for a composite key";

  private KeyReader() {}

  static RateLimitKey read(JsonNode node) {
    if (node.isTextual()) {
      return atom(node.textValue());
    }
    if (!node.isArray() || node.isEmpty()) {
      throw new IllegalArgumentException(EXPECTED);
    }
    List<RateLimitKey> parts = new ArrayList<>();
    for (JsonNode element : node) {
      if (!element.isTextual()) {
        throw new IllegalArgumentException(EXPECTED);
      }
      parts.add(atom(element.textValue()));
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return RateLimitKey.composite(
        parts.get(0), parts.get(1), parts.subList(2, parts.size()).toArray(new RateLimitKey[0]));
  }

  private static RateLimitKey atom(String text) {
    switch (text) {
      case "ip":
        return RateLimitKey.ip();
      case "ip+user-agent":
        return RateLimitKey.ipAndUserAgent();
      case "route":
        return RateLimitKey.route();
      case "principal":
        return RateLimitKey.principal();
      default:
        if (text.startsWith("header:")) {
          return RateLimitKey.header(text.substring("header:".length()));
        }
        if (text.startsWith("attribute:")) {
          return RateLimitKey.attribute(text.substring("attribute:".length()));
        }
        throw new IllegalArgumentException("unknown key strategy \"" + text + "\"; " + EXPECTED);
    }
  }
}
