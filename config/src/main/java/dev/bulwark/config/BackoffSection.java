package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.core.Backoff;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@link Backoff}: a {@code type} and the keys of that type's factory method, plus a
 * {@code jitter} for the fixed and exponential types ({@code none}, {@code full}, {@code equal},
 * or a percentage such as {@code "10%"} for proportional jitter of plus or minus 10%).
 *
 * <table>
 *   <caption>Types and their keys</caption>
 *   <tr><td>{@code none}</td><td>no key: retry at once</td></tr>
 *   <tr><td>{@code fixed}</td><td>{@code delay}, {@code jitter}</td></tr>
 *   <tr><td>{@code exponential}</td><td>{@code initial}, {@code multiplier} (default 2),
 *       {@code cap}, {@code jitter}</td></tr>
 *   <tr><td>{@code decorrelated-jitter}</td><td>{@code base}, {@code cap}</td></tr>
 *   <tr><td>{@code decorrelated-jitter-v2}</td><td>{@code median}, {@code cap}</td></tr>
 * </table>
 */
final class BackoffSection {

  static final List<String> KEYS =
      List.of("type", "delay", "initial", "multiplier", "cap", "base", "median", "jitter");

  private static final Map<String, Set<String>> TYPES = types();
  private static final Pattern PERCENT = Pattern.compile("[0-9]+(\\.[0-9]+)?%");

  private BackoffSection() {}

  private static Map<String, Set<String>> types() {
    Map<String, Set<String>> map = new LinkedHashMap<>();
    map.put("none", Set.of());
    map.put("fixed", Set.of("delay", "jitter"));
    map.put("exponential", Set.of("initial", "multiplier", "cap", "jitter"));
    map.put("decorrelated-jitter", Set.of("base", "cap"));
    map.put("decorrelated-jitter-v2", Set.of("median", "cap"));
    return map;
  }

  static @Nullable Backoff read(JsonNode node, String path, Problems problems) {
    Fields f = Fields.open(node, path, problems, KEYS);
    if (f == null) {
      return null;
    }
    String type = f.required("type", Values.oneOf(typeNames()));
    if (type == null) {
      return null;
    }
    Set<String> allowed = TYPES.getOrDefault(type, Set.of());
    for (String key : f.keys()) {
      if (!key.equals("type") && KEYS.contains(key) && !allowed.contains(key)) {
        f.report(key, "not used by type " + type);
      }
    }
    UnaryOperator<Backoff> jitter = f.has("jitter") ? f.get("jitter", BackoffSection::jitter) : UnaryOperator.identity();
    Backoff shape;
    switch (type) {
      case "none":
        shape = f.build(Backoff::none);
        break;
      case "fixed":
        Duration delay = f.required("delay", Values::duration);
        shape = delay == null ? null : f.build(() -> Backoff.fixed(delay));
        break;
      case "exponential":
        Duration initial = f.required("initial", Values::duration);
        Double multiplier = f.has("multiplier") ? f.get("multiplier", Values::number) : Double.valueOf(2.0);
        Duration cap = f.required("cap", Values::duration);
        shape = initial == null || multiplier == null || cap == null
            ? null
            : f.build(() -> Backoff.exponential(initial, multiplier, cap));
        break;
      case "decorrelated-jitter":
        Duration base = f.required("base", Values::duration);
        Duration baseCap = f.required("cap", Values::duration);
        shape = base == null || baseCap == null ? null : f.build(() -> Backoff.decorrelatedJitter(base, baseCap));
        break;
      default:
        Duration median = f.required("median", Values::duration);
        Duration medianCap = f.required("cap", Values::duration);
        shape = median == null || medianCap == null
            ? null
            : f.build(() -> Backoff.decorrelatedJitterV2(median, medianCap));
        break;
    }
    return shape == null || jitter == null ? null : jitter.apply(shape);
  }

  private static Map<String, String> typeNames() {
    Map<String, String> names = new LinkedHashMap<>();
    for (String name : TYPES.keySet()) {
      names.put(name, name);
    }
    return names;
  }

  /**
   * Reads a jitter kind (without, full, equal), a percentage in [0%, 100%] (proportional, plus or
   * minus), or a percentage with a leading {@code +} (one-sided: {@code +20%} adds 0 to 20 %).
   */
  private static UnaryOperator<Backoff> jitter(JsonNode node) {
    String text = node.isTextual() ? node.textValue() : "";
    switch (text) {
      case "none":
        return Backoff::withoutJitter;
      case "full":
        return Backoff::withFullJitter;
      case "equal":
        return Backoff::withEqualJitter;
      default:
        if (text.startsWith("+")) {
          double added = percent(text.substring(1)) / 100.0;
          return b -> b.withPositiveJitter(added);
        }
        double fraction = percent(text) / 100.0;
        return b -> b.withProportionalJitter(fraction);
    }
  }

  private static double percent(String text) {
    if (!PERCENT.matcher(text).matches()) {
      throw new IllegalArgumentException("expected none, full, equal, a percentage such as \"10%\" (plus or minus),"
          + " or \"+20%\" (added only)");
    }
    double value = Double.parseDouble(text.substring(0, text.length() - 1));
    if (value > 100.0) {
      throw new IllegalArgumentException("a jitter percentage must be at most 100%");
    }
    return value;
  }
}
