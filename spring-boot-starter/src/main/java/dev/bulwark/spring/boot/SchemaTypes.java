package dev.bulwark.spring.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The value kinds of the {@code bulwark.*} keys, read from this jar's
 * {@code META-INF/spring-configuration-metadata.json} (the same file IDEs read), so that a value
 * written as text ({@code .properties}, a {@code ${...}} placeholder, an environment variable) reaches
 * the config module with the JSON type its schema expects: {@code "5"} for an integer key becomes
 * {@code 5}, {@code "true"} for a boolean key {@code true}, {@code "GET,POST"} for a list key
 * {@code ["GET","POST"]}. A value that does not convert is passed on as written, and the config
 * module reports it.
 *
 * <p>Names in the metadata write a list element {@code [*]} and a key the user chooses (an outbound
 * entry's name, a header name) {@code *}. Immutable and thread-safe.
 */
final class SchemaTypes {

  /** What a key holds. */
  enum Kind {
    STRING, BOOLEAN, INTEGER, DOUBLE, STRING_LIST, OBJECT, ANY
  }

  static final String METADATA = "META-INF/spring-configuration-metadata.json";
  private static final String ROOT = "bulwark";

  private final Node root;

  private SchemaTypes(Node root) {
    this.root = root;
  }

  /** Reads the metadata of this starter from the class path (the file whose groups name {@code bulwark}). */
  static SchemaTypes load() {
    ObjectMapper mapper = new ObjectMapper();
    ClassLoader loader = SchemaTypes.class.getClassLoader();
    try {
      Enumeration<URL> files = loader.getResources(METADATA);
      while (files.hasMoreElements()) {
        JsonNode metadata;
        try (InputStream in = files.nextElement().openStream()) {
          metadata = mapper.readTree(in);
        }
        if (definesBulwark(metadata)) {
          return of(metadata);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + METADATA, e);
    }
    throw new IllegalStateException(METADATA + " of bulwark-spring-boot-starter is not on the class path");
  }

  private static boolean definesBulwark(JsonNode metadata) {
    for (JsonNode group : metadata.path("groups")) {
      if (ROOT.equals(group.path("name").asText())) {
        return true;
      }
    }
    return false;
  }

  /** Builds the kinds from a parsed metadata document. */
  static SchemaTypes of(JsonNode metadata) {
    Node root = new Node();
    for (JsonNode group : metadata.path("groups")) {
      root.at(elements(group.path("name").asText())).object = true;
    }
    for (JsonNode property : metadata.path("properties")) {
      Node node = root.at(elements(property.path("name").asText()));
      String type = property.path("type").asText();
      node.kind = kindOf(type);
      if (type.startsWith("java.util.Map<")) {
        node.object = true;
        node.child("*").kind = type.endsWith("java.util.List<java.lang.String>>")
            ? Kind.STRING_LIST : Kind.STRING;
      }
    }
    return new SchemaTypes(root);
  }

  private static Kind kindOf(String type) {
    switch (type) {
      case "java.lang.String":
        return Kind.STRING;
      case "java.lang.Boolean":
        return Kind.BOOLEAN;
      case "java.lang.Integer":
      case "java.lang.Long":
        return Kind.INTEGER;
      case "java.lang.Double":
        return Kind.DOUBLE;
      case "java.util.List<java.lang.String>":
        return Kind.STRING_LIST;
      default:
        return type.startsWith("java.util.Map<") ? Kind.OBJECT : Kind.ANY;
    }
  }

  /**
   * Splits a metadata name such as {@code bulwark.routes[*].rateLimit.limit} into
   * {@code routes, [*], rateLimit, limit} (without the leading {@code bulwark}).
   */
  static List<String> elements(String name) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= name.length(); i++) {
      char c = i == name.length() ? '.' : name.charAt(i);
      if (c == '.' || c == '[') {
        if (i > start) {
          out.add(name.substring(start, i));
        }
        start = i + 1;
        if (c == '[') {
          int end = name.indexOf(']', i);
          out.add("[*]");
          i = end;
          start = end + 1;
        }
      }
    }
    if (out.isEmpty() || !ROOT.equals(out.get(0))) {
      throw new IllegalArgumentException("not a bulwark key: " + name);
    }
    return out.subList(1, out.size());
  }

  /**
   * Returns the kind of a concrete path such as {@code routes, [0], rateLimit, limit} (list
   * indexes written {@code [i]}), or null for a key the metadata does not know (the config module
   * then reports it with the nearest known key).
   */
  @Nullable Kind kindOf(List<String> path) {
    Node node = find(path);
    return node == null ? null : node.kind;
  }

  /** Tells whether a concrete path names an object (a group of keys) of the schema. */
  boolean isObject(List<String> path) {
    Node node = find(path);
    return node != null && node.object;
  }

  private @Nullable Node find(List<String> path) {
    Node node = root;
    for (String element : path) {
      Node next = element.startsWith("[") ? node.children.get("[*]") : node.children.get(element);
      if (next == null && !element.startsWith("[")) {
        next = node.children.get("*");
      }
      if (next == null) {
        return null;
      }
      node = next;
    }
    return node;
  }

  /** A key of the schema and the keys under it. */
  private static final class Node {
    final Map<String, Node> children = new HashMap<>();
    @Nullable Kind kind;
    boolean object;

    Node child(String element) {
      return children.computeIfAbsent(element, e -> new Node());
    }

    Node at(List<String> elements) {
      Node node = this;
      for (String element : elements) {
        node = node.child(element);
      }
      return node;
    }
  }
}
