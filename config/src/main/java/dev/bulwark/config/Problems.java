package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Collects the problems of one document, one line each, in the order found, so that a user fixes
 * them all in one round instead of one per load. Lines read {@code path: message} or, when a value
 * is at fault, {@code path: value: message} with the value as JSON (cut to 80 characters).
 */
final class Problems {

  private static final int MAX_SHOWN = 80;

  private final List<String> lines = new ArrayList<>();
  /** Paths whose value is already reported (an unset variable): later problems there are noise. */
  private final Set<String> settled = new HashSet<>();

  /** Records a problem at {@code path}, unless a value there was already reported by {@link #settle}. */
  void add(String path, String message) {
    for (String done : settled) {
      if (done.equals(path) || (done.startsWith(path) && (done.charAt(path.length()) == '.'
          || done.charAt(path.length()) == '['))) {
        return;
      }
    }
    String line = path + ": " + message;
    if (!lines.contains(line)) {
      lines.add(line);
    }
  }

  /**
   * Records the one problem of the value at {@code path}; any later problem at that path or at a
   * path holding it (the sections reading the value as written) is dropped.
   */
  void settle(String path, String message) {
    add(path, message);
    settled.add(path);
  }

  /** Records a problem with the value at {@code path}. */
  void bad(String path, JsonNode value, String message) {
    add(path, show(value) + ": " + message);
  }

  /** Records an unknown key, suggesting the nearest known one. */
  void unknownKey(String path, String key, Collection<String> known) {
    String near = nearest(key, known);
    List<String> sorted = new ArrayList<>(known);
    sorted.sort(null);
    add(path, "unknown key" + (near != null ? " (did you mean \"" + near + "\"?)" : "")
        + "; known keys: " + String.join(", ", sorted));
  }

  /** Returns how many problems were recorded so far. */
  int count() {
    return lines.size();
  }

  /** Returns the problems in the order found. */
  List<String> lines() {
    return List.copyOf(lines);
  }

  /** Renders a value as JSON text, cut to {@value #MAX_SHOWN} characters. */
  static String show(JsonNode value) {
    String text = value.toString();
    return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN - 3) + "...";
  }

  /**
   * Returns the known key closest to {@code key}: equal ignoring case, or within an edit distance
   * of 2 (1 for keys of up to 4 characters); null if none is that close.
   */
  static @Nullable String nearest(String key, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lower = key.toLowerCase(Locale.ROOT);
    for (String candidate : known) {
      int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance || (d == bestDistance && best != null && candidate.compareTo(best) < 0)) {
        best = candidate;
        bestDistance = d;
      }
    }
    int limit = key.length() <= 4 ? 1 : 2;
    return bestDistance <= limit ? best : null;
  }

  /** The Levenshtein distance of two short strings. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
