package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A strict reader of one JSON object of the document: it reports unknown keys when opened, reads
 * typed values by key, hands them to a builder, and reports every failure (wrong type, a value the
 * builder refuses, a rule between settings) with the full path, without stopping at the first.
 *
 * <p>Paths are written {@code routes[2].rateLimit.limit}; a key that is not a plain word (letters,
 * digits, {@code _} and {@code -}) is written {@code headers["X.Y"]}.
 */
final class Fields {

  private final JsonNode node;
  private final String path;
  private final Problems problems;
  private final int problemsAtOpen;

  private Fields(JsonNode node, String path, Problems problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
    this.problemsAtOpen = problems.count();
  }

  /**
   * Opens an object whose keys must all be {@code known}; reports a node that is not an object
   * (returning null) and every unknown key.
   */
  static @Nullable Fields open(JsonNode node, String path, Problems problems, Collection<String> known) {
    Fields fields = openMap(node, path, problems);
    if (fields != null) {
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String key = names.next();
        if (!known.contains(key)) {
          problems.unknownKey(child(path, key), key, known);
        }
      }
    }
    return fields;
  }

  /** Opens an object whose keys are names chosen by the user, such as limiter names. */
  static @Nullable Fields openMap(JsonNode node, String path, Problems problems) {
    if (!node.isObject()) {
      problems.bad(path, node, "expected an object");
      return null;
    }
    return new Fields(node, path, problems);
  }

  /** Returns the path of a key under {@code path}. */
  static String child(String path, String key) {
    boolean word = !key.isEmpty();
    for (int i = 0; i < key.length() && word; i++) {
      char c = key.charAt(i);
      word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
          || c == '-';
    }
    if (word) {
      return path.isEmpty() ? key : path + "." + key;
    }
    return path + "[" + TextNode.valueOf(key) + "]";
  }

  /** Returns the path of an array element. */
  static String index(String path, int i) {
    return path + "[" + i + "]";
  }

  /** Returns this object's path. */
  String path() {
    return path;
  }

  /** Returns the path of one of this object's keys. */
  String path(String key) {
    return child(path, key);
  }

  /** Returns the problems this object reports to. */
  Problems problems() {
    return problems;
  }

  /** Returns the keys present, in document order. */
  List<String> keys() {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  /** Tells whether a key is present, even with a null value. */
  boolean has(String key) {
    return node.has(key);
  }

  /** Returns a key's value node, or a missing node. */
  JsonNode node(String key) {
    JsonNode value = node.get(key);
    return value != null ? value : MissingNode.getInstance();
  }

  /** Reads a key's value; null when the key is absent or its value is reported as bad. */
  <T> @Nullable T get(String key, ValueReader<T> reader) {
    JsonNode value = node.get(key);
    if (value == null) {
      return null;
    }
    try {
      return reader.read(value);
    } catch (IllegalArgumentException e) {
      problems.bad(path(key), value, String.valueOf(e.getMessage()));
      return null;
    }
  }

  /** Reads a key that must be present; reports it missing otherwise. */
  <T> @Nullable T required(String key, ValueReader<T> reader) {
    return require(key) ? get(key, reader) : null;
  }

  /** Tells whether a key that must be present is; reports it missing otherwise. */
  boolean require(String key) {
    if (node.has(key)) {
      return true;
    }
    problems.add(path(key), "required key is missing");
    return false;
  }

  /**
   * Reads a key's value and gives it to a builder setter; a setter's
   * {@link IllegalArgumentException} or {@link IllegalStateException} is reported with the
   * value. Does nothing when the key is absent.
   */
  <T> void apply(String key, ValueReader<T> reader, Consumer<? super T> setter) {
    T value = get(key, reader);
    if (value != null) {
      attempt(key, () -> setter.accept(value));
    }
  }

  /** Calls a builder method that takes no argument when the key's value is {@code true}. */
  void flag(String key, Runnable setter) {
    Boolean on = get(key, Values::bool);
    if (Boolean.TRUE.equals(on)) {
      attempt(key, setter);
    }
  }

  /** Runs a builder call for a key, reporting its failure with the key's value. */
  void attempt(String key, Runnable call) {
    try {
      call.run();
    } catch (IllegalArgumentException | IllegalStateException e) {
      problems.bad(path(key), node(key), String.valueOf(e.getMessage()));
    }
  }

  /** Reads a list of strings, reporting each element that is not one at its own path. */
  @Nullable List<String> strings(String key) {
    JsonNode value = node.get(key);
    return value == null ? null : stringList(value, path(key), problems);
  }

  /**
   * Reads a node that must be a list of strings, reporting each element that is not one at its
   * own path.
   *
   * @return the list, or null when a problem was reported
   */
  static @Nullable List<String> stringList(JsonNode value, String path, Problems problems) {
    if (!value.isArray()) {
      problems.bad(path, value, "expected a list of strings");
      return null;
    }
    List<String> list = new ArrayList<>();
    boolean clean = true;
    for (int i = 0; i < value.size(); i++) {
      JsonNode element = value.get(i);
      if (element.isTextual()) {
        list.add(element.textValue());
      } else {
        problems.bad(index(path, i), element, "expected a string");
        clean = false;
      }
    }
    return clean ? list : null;
  }

  /** Reads a list of strings and gives it to a builder setter as an array. */
  void strings(String key, Consumer<String[]> setter) {
    List<String> list = strings(key);
    if (list != null) {
      attempt(key, () -> setter.accept(list.toArray(new String[0])));
    }
  }

  /** Opens a nested object of known keys; null when absent or not an object. */
  @Nullable Fields object(String key, Collection<String> known) {
    JsonNode value = node.get(key);
    return value == null ? null : open(value, path(key), problems, known);
  }

  /** Reports a problem with a key's value. */
  void report(String key, String message) {
    problems.bad(path(key), node(key), message);
  }

  /** Reports a problem with this object as a whole. */
  void reportHere(String message) {
    problems.add(path, message);
  }

  /** Tells whether no problem was reported since this object was opened. */
  boolean clean() {
    return problems.count() == problemsAtOpen;
  }

  /**
   * Builds this object's value when nothing was reported since it was opened: the builder's
   * {@link IllegalArgumentException} or {@link IllegalStateException} (a rule between settings) is
   * reported at this object's path.
   *
   * @return the value, or null when a problem was reported
   */
  <T> @Nullable T build(Supplier<T> builder) {
    if (!clean()) {
      return null;
    }
    try {
      return builder.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      reportHere(String.valueOf(e.getMessage()));
      return null;
    }
  }
}
