package dev.bulwark.examples;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a raw query string ({@code a=1&b=x+y&a=2}) into parameters, as HTML forms encode them:
 * {@code +} is a space, {@code %XX} a UTF-8 byte, a name without {@code =} has the value "".
 */
final class QueryStrings {

  /** The most parameters one query may carry. */
  static final int MAX_PARAMETERS = 256;

  private QueryStrings() {}

  /**
   * Decodes a query.
   *
   * @param rawQuery the query without {@code ?}, still percent-encoded; null or empty for none
   * @return the parameters in order of first appearance, each with its values in order
   * @throws IllegalArgumentException if a percent-escape is malformed or there are more than
   *     {@value #MAX_PARAMETERS} parameters
   */
  static Map<String, List<String>> decode(@Nullable String rawQuery) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    int count = 0;
    int start = 0;
    while (start <= rawQuery.length()) {
      int amp = rawQuery.indexOf('&', start);
      int end = amp < 0 ? rawQuery.length() : amp;
      if (end > start) {
        if (++count > MAX_PARAMETERS) {
          throw new IllegalArgumentException("more than " + MAX_PARAMETERS + " query parameters");
        }
        String pair = rawQuery.substring(start, end);
        int eq = pair.indexOf('=');
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        out.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      }
      start = end + 1;
    }
    return out;
  }
}
