package dev.bulwark.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a raw request path into the form routes are matched against.
 *
 * <h2>Why canonicalise at all</h2>
 * A gate keyed on the path is only as strong as its agreement with the server behind it. If the
 * edge matched {@code /api/%73earch} or {@code /api/search;x=1} or {@code /api/./search} literally,
 * those spellings would fall through to the default route while the servlet container (which
 * decodes, strips path parameters and resolves dot segments before mapping) still serves the
 * search handler: a one-character bypass of the route's limits. So matching sees the path the way
 * a container maps it:
 * <ol>
 *   <li>an absolute-form target ({@code http://host/p}) is reduced to its path;
 *   <li>each segment loses its path parameters (from the first {@code ';'});
 *   <li>percent escapes are decoded as UTF-8, except {@code %2F} and {@code %5C}, which stay
 *       encoded so that they can never become segment separators;
 *   <li>empty segments ({@code //}, a trailing {@code /}) and {@code .} segments are dropped, and
 *       {@code ..} removes the segment before it (never climbing above the root).
 * </ol>
 * Matching is case-sensitive, as servlet mapping is.
 *
 * <p>The common path (no {@code '%'}, no {@code ';'}, no dot segment) is returned as is, without
 * allocating; empty segments are skipped by the matcher itself. Only unusual paths pay for a copy.
 */
final class MatchPath {

  private MatchPath() {}

  /**
   * Returns the canonical path for matching: the argument itself when it needs no work.
   *
   * @param raw the path as received
   * @return a path starting with {@code '/'}, or {@code raw} unchanged when it is neither an
   *     origin-form nor an absolute-form target (such as {@code "*"})
   */
  static String of(String raw) {
    String path = raw;
    if (path.isEmpty()) {
      return "/";
    }
    if (path.charAt(0) != '/') {
      int scheme = path.indexOf("://");
      if (scheme <= 0) {
        return path;
      }
      int slash = path.indexOf('/', scheme + 3);
      path = slash < 0 ? "/" : path.substring(slash);
    }
    return needsWork(path) ? normalise(path) : path;
  }

  private static boolean needsWork(String path) {
    int n = path.length();
    for (int i = 0; i < n; i++) {
      char c = path.charAt(i);
      if (c == '%' || c == ';') {
        return true;
      }
      if (c == '.' && path.charAt(i - 1) == '/') { // i > 0: path starts with '/'
        int end = i + 1 < n && path.charAt(i + 1) == '.' ? i + 2 : i + 1;
        if (end == n || path.charAt(end) == '/') {
          return true;
        }
      }
    }
    return false;
  }

  private static String normalise(String path) {
    List<String> segments = new ArrayList<>();
    int n = path.length();
    int start = 1;
    while (start <= n) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = n;
      }
      int semicolon = path.indexOf(';', start);
      int stop = semicolon >= 0 && semicolon < end ? semicolon : end;
      String segment = decode(path, start, stop);
      if (segment.equals("..")) {
        if (!segments.isEmpty()) {
          segments.remove(segments.size() - 1);
        }
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
      start = end + 1;
    }
    if (segments.isEmpty()) {
      return "/";
    }
    StringBuilder sb = new StringBuilder(path.length());
    for (String segment : segments) {
      sb.append('/').append(segment);
    }
    return sb.toString();
  }

  /** Percent-decodes {@code path[from, to)} as UTF-8, keeping %2F and %5C (and bad escapes) as is. */
  private static String decode(String path, int from, int to) {
    int percent = path.indexOf('%', from);
    if (percent < 0 || percent >= to) {
      return path.substring(from, to);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
    int i = from;
    while (i < to) {
      char c = path.charAt(i);
      int b = c == '%' && i + 2 < to ? FormDecoder.hexByte(path.charAt(i + 1), path.charAt(i + 2)) : -1;
      if (b >= 0 && b != '/' && b != '\\') {
        bytes.write(b);
        i += 3;
      } else if (c < 0x80) {
        bytes.write(c);
        i++;
      } else {
        int width = Character.isHighSurrogate(c) && i + 1 < to ? 2 : 1;
        byte[] utf8 = path.substring(i, i + width).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
        i += width;
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
