package dev.bulwark.spring.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Turns the {@code bulwark} section of a Spring {@link Environment} into the JSON document the
 * config module reads, so that there is one schema and one reader: whatever Spring users write
 * ({@code application.yml}, {@code application-<profile>.yml}, {@code .properties}, command-line
 * arguments) becomes one tree, and the config module checks it.
 *
 * <p>Spring's rules hold: a source of higher precedence wins key by key (a profile's file over the
 * base file, the command line over both); a list is taken whole from the one source of highest
 * precedence that has any element of it, as Spring's binder does; {@code ${...}} placeholders are
 * resolved by the environment (an unresolvable one fails with Spring's message). Keys are the
 * config module's, spelled as in {@code docs/config.md} (camelCase): the name of each key is taken as
 * written in the source, not in Spring's relaxed forms, so that a misspelt key is reported by the
 * config module with the nearest valid one. Text values get the JSON type the schema expects (see
 * {@link SchemaTypes}). The starter's own keys, {@code bulwark.spring.*}, are left out.
 *
 * <p>Stateless; reads the environment when called.
 */
final class SpringDocument {

  static final String PREFIX = "bulwark";
  private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(PREFIX);
  private static final ConfigurationPropertyName OWN = ConfigurationPropertyName.of(PREFIX + ".spring");
  private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
  private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

  private SpringDocument() {}

  /** One {@code bulwark.*} property: its path below {@code bulwark} and its value. */
  private record Entry(List<String> path, @Nullable Object value) {}

  /**
   * Reads the document.
   *
   * @param environment the environment
   * @param types the kinds of the keys
   * @return the document's root object; empty when the environment has no {@code bulwark.*} key
   * @throws IllegalArgumentException if a placeholder cannot be resolved
   */
  static ObjectNode read(Environment environment, SchemaTypes types) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    for (Entry entry : entries(environment)) {
      put(root, entry.path(), 0, value(entry, types, environment));
    }
    return root;
  }

  /**
   * Returns the names of the entries directly under a path, such as the outbound entries' names
   * under {@code outbound}, as the document will have them.
   */
  static Set<String> childNames(Environment environment, String key) {
    Set<String> names = new LinkedHashSet<>();
    for (Entry entry : entries(environment)) {
      List<String> path = entry.path();
      if (path.size() > 1 && path.get(0).equals(key)) {
        names.add(path.get(1));
      }
    }
    return names;
  }

  private static List<Entry> entries(Environment environment) {
    List<Entry> entries = new ArrayList<>();
    Set<List<String>> seen = new HashSet<>();
    Map<List<String>, Integer> listOwners = new HashMap<>();
    int sourceIndex = 0;
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      sourceIndex++;
      if (!(source instanceof IterableConfigurationPropertySource iterable)) {
        continue;
      }
      for (ConfigurationPropertyName name : iterable) {
        if (!ROOT.isAncestorOf(name) || OWN.equals(name) || OWN.isAncestorOf(name)) {
          continue;
        }
        List<String> path = path(name);
        if (!claimLists(path, sourceIndex, listOwners) || !seen.add(path)) {
          continue;
        }
        ConfigurationProperty property = iterable.getConfigurationProperty(name);
        entries.add(new Entry(path, property == null ? null : property.getValue()));
      }
    }
    return entries;
  }

  /**
   * Applies Spring's rule for lists: each list along the path belongs to the first source (of
   * highest precedence) that has an element of it; a lower source's elements are ignored.
   */
  private static boolean claimLists(List<String> path, int source, Map<List<String>, Integer> owners) {
    for (int i = 0; i < path.size(); i++) {
      if (path.get(i).startsWith("[")) {
        List<String> list = List.copyOf(path.subList(0, i));
        Integer owner = owners.putIfAbsent(list, source);
        if (owner != null && owner != source) {
          return false;
        }
      }
    }
    return true;
  }

  /** Returns the elements below {@code bulwark}: keys as written, list indexes as {@code [i]}. */
  private static List<String> path(ConfigurationPropertyName name) {
    List<String> path = new ArrayList<>(name.getNumberOfElements() - 1);
    for (int i = 1; i < name.getNumberOfElements(); i++) {
      String element = name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL);
      path.add(name.isNumericIndex(i) ? "[" + element + "]" : element);
    }
    return List.copyOf(path);
  }

  private static JsonNode value(Entry entry, SchemaTypes types, Environment environment) {
    Object raw = entry.value();
    if (raw instanceof CharSequence text) {
      raw = environment.resolveRequiredPlaceholders(text.toString());
    }
    SchemaTypes.Kind kind = types.kindOf(entry.path());
    JsonNodeFactory json = JsonNodeFactory.instance;
    if (raw == null) {
      return json.nullNode();
    }
    if (raw instanceof String text) {
      if (text.isEmpty() && types.isObject(entry.path())) {
        return json.nullNode(); // YAML `cors: null` (Spring reads a null as an empty string)
      }
      return kind == null ? json.textNode(text) : fromText(text, kind);
    }
    if (kind == SchemaTypes.Kind.STRING) {
      return json.textNode(String.valueOf(raw));
    }
    if (raw instanceof Boolean b) {
      return json.booleanNode(b);
    }
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
      return json.numberNode(((Number) raw).longValue());
    }
    if (raw instanceof BigInteger big) {
      return json.numberNode(big);
    }
    if (raw instanceof Number number) {
      return json.numberNode(new BigDecimal(number.toString()));
    }
    return json.textNode(String.valueOf(raw));
  }

  /** Gives text the type the schema expects of the key, when it converts; else keeps the text. */
  private static JsonNode fromText(String text, SchemaTypes.Kind kind) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    String trimmed = text.trim();
    switch (kind) {
      case BOOLEAN:
      case ANY:
        if (trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false")) {
          return json.booleanNode(Boolean.parseBoolean(trimmed.toLowerCase(Locale.ROOT)));
        }
        return json.textNode(text);
      case INTEGER:
        return INTEGER.matcher(trimmed).matches() ? json.numberNode(new BigInteger(trimmed)) : json.textNode(text);
      case DOUBLE:
        return DECIMAL.matcher(trimmed).matches() ? json.numberNode(new BigDecimal(trimmed)) : json.textNode(text);
      case STRING_LIST:
        return commaList(text);
      default:
        return json.textNode(text);
    }
  }

  /** Spring's comma-delimited list ({@code methods: GET, POST}); an empty text is an empty list. */
  private static ArrayNode commaList(String text) {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    if (text.isBlank()) {
      return list;
    }
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == ',') {
        list.add(text.substring(start, i).trim());
        start = i + 1;
      }
    }
    return list;
  }

  /** Puts a value at a path, creating objects and lists; the first value put at a place wins. */
  private static void put(JsonNode parent, List<String> path, int at, JsonNode value) {
    String element = path.get(at);
    boolean last = at == path.size() - 1;
    boolean nextIsIndex = !last && path.get(at + 1).startsWith("[");
    JsonNode existing = child(parent, element);
    boolean filler = existing != null && existing.isNull() && parent.isArray(); // a gap in a list
    if (last) {
      if (existing == null || filler) {
        set(parent, element, value);
      }
      return;
    }
    if (existing == null || filler) {
      JsonNodeFactory json = JsonNodeFactory.instance;
      existing = nextIsIndex ? json.arrayNode() : json.objectNode();
      set(parent, element, existing);
    }
    if (existing.isContainerNode() && existing.isArray() == nextIsIndex) {
      put(existing, path, at + 1, value);
    }
  }

  private static @Nullable JsonNode child(JsonNode parent, String element) {
    if (parent instanceof ArrayNode list) {
      int index = index(element);
      return index < list.size() ? list.get(index) : null;
    }
    return parent.get(element);
  }

  private static void set(JsonNode parent, String element, JsonNode value) {
    if (parent instanceof ArrayNode list) {
      int index = index(element);
      while (list.size() <= index) {
        list.addNull();
      }
      list.set(index, value);
    } else {
      ((ObjectNode) parent).set(element, value);
    }
  }

  private static int index(String element) {
    return Integer.parseInt(element.substring(1, element.length() - 1));
  }
}
