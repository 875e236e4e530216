package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.validation.InputPolicy;
import dev.bulwark.validation.Normalization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads an {@link InputPolicy}: a {@code preset} ({@code queries}, the default, as
 * {@link InputPolicy#forQueries()}, or {@code documents}, as {@link InputPolicy#forDocuments()})
 * whose settings the other keys replace one by one. The keys are the {@link InputPolicy.Builder}
 * methods of the same names, except that {@code percentDecode} is a boolean and
 * {@code plusAsSpace} its argument.
 */
final class InputPolicySection {

  static final List<String> KEYS = List.of(
      "preset", "maxCodePoints", "maxBytes", "maxFields", "maxFieldNameLength", "normalization",
      "percentDecode", "plusAsSpace", "detectSqlInjection", "detectXss");

  private static final Map<String, Boolean> PRESETS = presets();

  private InputPolicySection() {}

  private static Map<String, Boolean> presets() {
    Map<String, Boolean> map = new LinkedHashMap<>();
    map.put("queries", false);
    map.put("documents", true);
    return map;
  }

  static @Nullable InputPolicy read(JsonNode node, String path, Problems problems) {
    Fields f = Fields.open(node, path, problems, KEYS);
    if (f == null) {
      return null;
    }
    boolean documents = Boolean.TRUE.equals(f.get("preset", Values.oneOf(PRESETS)));
    InputPolicy.Builder b = InputPolicy.builder();
    if (f.has("maxCodePoints")) {
      f.apply("maxCodePoints", Values::integer, b::maxCodePoints);
    } else if (documents) {
      b.maxCodePoints(Integer.MAX_VALUE);
    }
    if (f.has("maxBytes")) {
      f.apply("maxBytes", Values::size, b::maxBytes);
    } else if (documents) {
      b.maxBytes(InputPolicy.DOCUMENT_MAX_BYTES);
    }
    f.apply("maxFields", Values::integer, b::maxFields);
    f.apply("maxFieldNameLength", Values::integer, b::maxFieldNameLength);
    if (f.has("normalization")) {
      f.apply("normalization", Values.enumeration(Normalization.class), b::normalization);
    } else if (documents) {
      b.normalization(Normalization.NFC);
    }
    Boolean decode = f.get("percentDecode", Values::bool);
    Boolean plusAsSpace = f.get("plusAsSpace", Values::bool);
    if (Boolean.TRUE.equals(decode)) {
      b.percentDecode(Boolean.TRUE.equals(plusAsSpace));
    } else if (plusAsSpace != null) {
      f.report("plusAsSpace", "applies only with percentDecode: true");
    }
    if (f.has("detectSqlInjection")) {
      f.apply("detectSqlInjection", Values::bool, b::detectSqlInjection);
    } else if (documents) {
      b.detectSqlInjection(false);
    }
    if (f.has("detectXss")) {
      f.apply("detectXss", Values::bool, b::detectXss);
    } else if (documents) {
      b.detectXss(false);
    }
    return f.build(b::build);
  }
}
