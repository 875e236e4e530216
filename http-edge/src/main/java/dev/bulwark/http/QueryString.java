package dev.bulwark.http;

import dev.bulwark.core.internal.PercentEscapes;
import dev.bulwark.core.internal.Preconditions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a raw query string ({@code a=1&b=x+y&a=2}) into parameters, the way HTML forms encode
 * them ({@code application/x-www-form-urlencoded}): {@code +} is a space, {@code %XX} a UTF-8 byte,
 * and a name without {@code =} has the value {@code ""}. For handlers behind an adapter that hands
 * them the raw query (Netty's {@code rawQuery()}, the servlet {@code getQueryString()}), so they do
 * not each write a decoder.
 *
 * <pre>{@code
 * Map<String, List<String>> query = QueryString.parse("q=rate+limit&tag=a&tag=%C3%A9");
 * // {q=[rate limit], tag=[a, é]}
 * }</pre>
 *
 * <p>Decoding is strict about escapes and forgiving about text: a {@code %} without two hex digits
 * is refused with {@link IllegalArgumentException} (answer it with a 400), while bytes that are not
 * well-formed UTF-8 become U+FFFD, as {@link java.net.URLDecoder} does. A route with a query
 * {@link dev.bulwark.validation.InputPolicy} refuses both before the handler runs, with the same
 * decoding. Empty pairs ({@code a=1&&b=2}) are skipped.
 *
 * <p>Stateless and thread-safe.
 */
public final class QueryString {

  /** The most parameters {@link #parse(String)} accepts in one query. */
  public static final int MAX_PARAMETERS = 256;

  private QueryString() {}

  /**
   * Decodes a query, accepting at most {@value #MAX_PARAMETERS} parameters.
   *
   * @param rawQuery the query without {@code ?}, still percent-encoded; null or empty for none
   * @return the parameters in order of first appearance, each with its values in order; an
   *     unmodifiable map of unmodifiable lists
   * @throws IllegalArgumentException if an escape is malformed or there are more than
   *     {@value #MAX_PARAMETERS} parameters
   */
  public static Map<String, List<String>> parse(@Nullable String rawQuery) {
    return parse(rawQuery, MAX_PARAMETERS);
  }

  /**
   * Decodes a query, accepting at most {@code maxParameters} parameters (a pair counts once even if
   * its name repeats; empty pairs do not count).
   *
   * @param rawQuery the query without {@code ?}, still percent-encoded; null or empty for none
   * @param maxParameters the most pairs accepted, at least 1
   * @return the parameters in order of first appearance, each with its values in order; an
   *     unmodifiable map of unmodifiable lists
   * @throws IllegalArgumentException if {@code maxParameters} is less than 1, an escape is
   *     malformed, or there are more than {@code maxParameters} pairs
   */
  public static Map<String, List<String>> parse(@Nullable String rawQuery, int maxParameters) {
    Preconditions.requireAtLeastOne("maxParameters", maxParameters);
    if (rawQuery == null || rawQuery.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    int count = 0;
    int start = 0;
    while (start <= rawQuery.length()) {
      int amp = rawQuery.indexOf('&', start);
      int end = amp < 0 ? rawQuery.length() : amp;
      if (end > start) {
        if (++count > maxParameters) {
          throw new IllegalArgumentException("more than " + maxParameters + " query parameters");
        }
        int eq = rawQuery.indexOf('=', start);
        int nameEnd = eq >= 0 && eq < end ? eq : end;
        String name = decode(rawQuery, start, nameEnd);
        String value = nameEnd < end ? decode(rawQuery, nameEnd + 1, end) : "";
        out.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
      }
      start = end + 1;
    }
    out.replaceAll((name, values) -> List.copyOf(values));
    return Collections.unmodifiableMap(out);
  }

  /**
   * Decodes one form-encoded name or value.
   *
   * @param component the text, still encoded
   * @return the decoded text
   * @throws IllegalArgumentException if an escape is malformed
   */
  public static String decode(String component) {
    return decode(component, 0, component.length());
  }

  private static String decode(String raw, int from, int to) {
    int bad = PercentEscapes.malformedEscape(raw, from, to);
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "malformed percent-escape at index " + (bad - from) + " of a query name or value");
    }
    return PercentEscapes.decodeLenient(raw, from, to, true);
  }
}
