package dev.bulwark.servlet;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The request parameters of a form post whose body the filter has already read: the query
 * string's pairs, then the body's, as a servlet container would merge them.
 */
final class FormParameters {

  private FormParameters() {}

  /** Tells whether a content type is {@code application/x-www-form-urlencoded}. */
  static boolean isForm(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    return mediaType.toLowerCase(Locale.ROOT).equals("application/x-www-form-urlencoded");
  }

  /** Parses the query and the body; names map to their values in order. */
  static Map<String, String[]> parse(@Nullable String query, String body, Charset charset) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    if (query != null) {
      addPairs(values, query, charset);
    }
    addPairs(values, body, charset);
    Map<String, String[]> result = new LinkedHashMap<>();
    values.forEach((name, list) -> result.put(name, list.toArray(new String[0])));
    return Collections.unmodifiableMap(result);
  }

  private static void addPairs(Map<String, List<String>> values, String text, Charset charset) {
    int start = 0;
    while (start <= text.length()) {
      int amp = text.indexOf('&', start);
      int end = amp < 0 ? text.length() : amp;
      if (end > start) {
        int eq = text.indexOf('=', start);
        boolean hasValue = eq >= 0 && eq < end;
        String name = decode(text.substring(start, hasValue ? eq : end), charset);
        String value = hasValue ? decode(text.substring(eq + 1, end), charset) : "";
        values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
      }
      start = end + 1;
    }
  }

  /** Form-decodes one name or value; malformed escapes are kept as sent rather than failing. */
  private static String decode(String s, Charset charset) {
    try {
      return URLDecoder.decode(s, charset);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
