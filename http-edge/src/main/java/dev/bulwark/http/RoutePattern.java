package dev.bulwark.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A parsed route pattern; the grammar and matching rules are documented on {@link RouteBuilder}.
 *
 * <p>A pattern is a list of segments, each a literal or a wildcard ({@code *} or {@code {name}},
 * which match alike: exactly one non-empty segment), optionally followed by {@code /**} (any number
 * of further segments, including none). Matching walks the path's segments in place with index
 * arithmetic, skipping empty ones, and compares literals with {@code regionMatches}: it allocates
 * nothing. The path must already be canonical ({@link MatchPath}).
 */
final class RoutePattern {

  private final String pattern;
  /** One entry per segment: the literal, or null for a wildcard. */
  private final @Nullable String[] literals;
  private final boolean prefix;
  /**
   * The pattern itself when every segment is a literal and it has no {@code /**} (such as
   * {@code /api/hello}), else null: the shortest path it matches, see {@link #matches}.
   */
  private final @Nullable String exact;

  private RoutePattern(String pattern, @Nullable String[] literals, boolean prefix) {
    this.pattern = pattern;
    this.literals = literals;
    this.prefix = prefix;
    this.exact = !prefix && literals.length > 0 && allLiteral(literals) ? pattern : null;
  }

  private static boolean allLiteral(@Nullable String[] literals) {
    for (String literal : literals) {
      if (literal == null) {
        return false;
      }
    }
    return true;
  }

  /**
   * Parses a pattern.
   *
   * @throws IllegalArgumentException if the pattern is malformed; the message quotes it
   */
  static RoutePattern parse(String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    if (pattern.isEmpty() || pattern.charAt(0) != '/') {
      throw bad(pattern, "must start with '/'");
    }
    if (pattern.equals("/")) {
      return new RoutePattern(pattern, new String[0], false);
    }
    List<@Nullable String> segments = new ArrayList<>();
    Set<String> names = new HashSet<>();
    boolean prefix = false;
    int start = 1;
    while (start <= pattern.length()) {
      int end = pattern.indexOf('/', start);
      if (end < 0) {
        end = pattern.length();
      }
      String segment = pattern.substring(start, end);
      if (prefix) {
        throw bad(pattern, "'**' may only be the last segment");
      }
      if (segment.isEmpty()) {
        throw bad(pattern, end == pattern.length() ? "must not end with '/'" : "has an empty segment");
      }
      if (segment.equals("**")) {
        prefix = true;
      } else if (segment.equals("*")) {
        segments.add(null);
      } else if (segment.charAt(0) == '{') {
        segments.add(variable(pattern, segment, names));
      } else {
        segments.add(literal(pattern, segment));
      }
      start = end + 1;
    }
    return new RoutePattern(pattern, segments.toArray(new String[0]), prefix);
  }

  private static @Nullable String variable(String pattern, String segment, Set<String> names) {
    if (segment.length() < 3 || segment.charAt(segment.length() - 1) != '}') {
      throw bad(pattern, "has a malformed variable segment '" + segment + "'");
    }
    String name = segment.substring(1, segment.length() - 1);
    if (!isIdentifier(name)) {
      throw bad(pattern, "has a variable name that is not [A-Za-z_][A-Za-z0-9_]*: '" + name + "'");
    }
    if (!names.add(name)) {
      throw bad(pattern, "names the variable '" + name + "' twice");
    }
    return null;
  }

  private static String literal(String pattern, String segment) {
    if (segment.equals(".") || segment.equals("..")) {
      throw bad(pattern, "has a dot segment '" + segment + "'");
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c <= ' ' || c == 0x7f || "{}*%;?#\\".indexOf(c) >= 0) {
        throw bad(pattern, "has a character not allowed in a literal segment: '" + segment + "'");
      }
    }
    return segment;
  }

  private static boolean isIdentifier(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
      if (!letter && (i == 0 || c < '0' || c > '9')) {
        return false;
      }
    }
    return !name.isEmpty();
  }

  private static IllegalArgumentException bad(String pattern, String problem) {
    return new IllegalArgumentException("route pattern \"" + pattern + "\" " + problem);
  }

  /**
   * Tells whether a canonical path matches. A path not starting with {@code '/'} (such as
   * {@code "*"}) matches only {@code /**}.
   *
   * <p>A pattern of literals only ({@link #exact}) is matched by one comparison when the path is
   * not longer than the pattern: a matching path spells every literal after at least one
   * {@code '/'} each, so it is at least as long as the pattern, and of the same length only when
   * it has no other {@code '/'}, that is when it equals the pattern. A longer path (a trailing
   * {@code '/'}) is walked as any other.
   */
  boolean matches(String path) {
    String e = exact;
    if (e != null && path.length() <= e.length()) {
      return path.equals(e);
    }
    return matchesSegments(path);
  }

  /** Walks the path's segments against the pattern's: the general case of {@link #matches}. */
  private boolean matchesSegments(String path) {
    if (path.isEmpty() || path.charAt(0) != '/') {
      return prefix && literals.length == 0;
    }
    int n = path.length();
    int pos = 0;
    int seg = 0;
    while (true) {
      while (pos < n && path.charAt(pos) == '/') {
        pos++;
      }
      if (pos == n) {
        return seg == literals.length;
      }
      if (seg == literals.length) {
        return prefix;
      }
      int end = path.indexOf('/', pos);
      if (end < 0) {
        end = n;
      }
      String literal = literals[seg];
      if (literal != null
          && (end - pos != literal.length() || !path.regionMatches(pos, literal, 0, literal.length()))) {
        return false;
      }
      seg++;
      pos = end;
    }
  }

  /** Returns whether this is {@code /**}, the pattern that matches every path. */
  boolean matchesEverything() {
    return prefix && literals.length == 0;
  }

  @Override
  public String toString() {
    return pattern;
  }
}
