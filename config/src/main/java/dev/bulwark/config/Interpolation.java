package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Replaces environment variables in every string of a document, before any section reads it.
 *
 * <ul>
 *   <li>{@code ${NAME}}: the variable {@code NAME}; a problem naming it when it is unset;
 *   <li>{@code ${NAME:default}} and {@code ${NAME:-default}}: the variable, or {@code default}
 *       (which holds no {@code }}) when it is unset or empty;
 *   <li>a doubled dollar sign before a brace stands for one dollar sign, left uninterpreted, for
 *       a value that must keep a reference as written.
 * </ul>
 *
 * <p>A string that is exactly one reference (such as {@code maximumKeys: ${MAX_KEYS:10000}}) is read
 * as YAML reads a plain scalar: an integer, a decimal, {@code true} or {@code false} becomes that
 * number or boolean, anything else stays a string. A string with text around its references stays a
 * string ({@code "${RATE_LIMIT_RPM:100}/minute"}). Keys are not interpolated. Names are
 * {@code [A-Za-z_][A-Za-z0-9_]*}; anything else after a dollar sign and a brace is left as written.
 */
final class Interpolation {

  /** An escaped dollar sign (group 1), or a reference: name (2), separator (3) and default (4). */
  private static final Pattern REFERENCE =
      Pattern.compile("(\\$\\$\\{)|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-?)([^}]*))?}");
  private static final Pattern WHOLE =
      Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*(?::-?[^}]*)?}");
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
  private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+\\.[0-9]+");

  private Interpolation() {}

  /**
   * Interpolates every string of the tree in place; problems are reported with the path of the
   * string and the tree is left with the text as written there.
   */
  static void apply(JsonNode root, Function<String, @Nullable String> environment, Problems problems) {
    walk(root, "", environment, problems);
  }

  private static void walk(
      JsonNode node, String path, Function<String, @Nullable String> environment, Problems problems) {
    if (node instanceof ObjectNode) {
      ObjectNode object = (ObjectNode) node;
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
      object.fields().forEachRemaining(fields::add);
      for (Map.Entry<String, JsonNode> field : fields) {
        String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        JsonNode value = field.getValue();
        if (value.isTextual()) {
          JsonNode replaced = text(value.textValue(), child, environment, problems);
          if (replaced != null) {
            object.set(field.getKey(), replaced);
          }
        } else {
          walk(value, child, environment, problems);
        }
      }
    } else if (node instanceof ArrayNode) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        String child = Fields.index(path.isEmpty() ? "(document)" : path, i);
        JsonNode value = array.get(i);
        if (value.isTextual()) {
          JsonNode replaced = text(value.textValue(), child, environment, problems);
          if (replaced != null) {
            array.set(i, replaced);
          }
        } else {
          walk(value, child, environment, problems);
        }
      }
    }
  }

  /** Returns the interpolated node, or null when the text has no reference or a problem was reported. */
  private static @Nullable JsonNode text(
      String text, String path, Function<String, @Nullable String> environment, Problems problems) {
    if (text.indexOf("${") < 0) {
      return null;
    }
    String value;
    try {
      value = interpolate(text, environment);
    } catch (IllegalArgumentException e) {
      problems.settle(path, "\"" + text + "\": " + e.getMessage());
      return null;
    }
    if (!WHOLE.matcher(text).matches()) {
      return TextNode.valueOf(value);
    }
    if (INTEGER.matcher(value).matches()) {
      return LongNode.valueOf(Long.parseLong(value));
    }
    if (DECIMAL.matcher(value).matches()) {
      return DoubleNode.valueOf(Double.parseDouble(value));
    }
    if (value.equals("true") || value.equals("false")) {
      return BooleanNode.valueOf(value.equals("true"));
    }
    return TextNode.valueOf(value);
  }

  /**
   * Replaces each reference in a string.
   *
   * @throws IllegalArgumentException naming a variable that is unset and has no default
   */
  static String interpolate(String text, Function<String, @Nullable String> environment) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value;
      if (m.group(1) != null) {
        value = "${";
      } else {
        String name = m.group(2);
        value = environment.apply(name);
        String fallback = m.group(4);
        if (value == null || (value.isEmpty() && m.group(3) != null)) {
          if (m.group(3) == null) {
            throw new IllegalArgumentException("the environment variable " + name
                + " is not set; set it, or write ${" + name + ":default} for a default");
          }
          value = fallback == null ? "" : fallback;
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
