package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.ratelimit.spi.LimiterBackendProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code backends} section: the options of each limiter backend a provider supplies (such as
 * {@code backends.redis.url}), keyed by the provider's name. Option values are scalars, read as
 * text, after the whole document's environment variables were replaced ({@link Interpolation}).
 * Backends written inline ({@link InlineBackends}) join them under their registered names.
 *
 * @param options option name to value, by backend name, in document order
 * @param inlineTypes the provider name of each inline backend, by registered name
 */
record BackendsSection(Map<String, Map<String, String>> options, Map<String, String> inlineTypes) {

  static final BackendsSection NONE = new BackendsSection(Map.of(), Map.of());

  /** Adds the inline backends read from the document. */
  BackendsSection with(InlineBackends inline) {
    if (inline.types().isEmpty()) {
      return this;
    }
    Map<String, Map<String, String>> all = new LinkedHashMap<>(options);
    all.putAll(inline.options());
    return new BackendsSection(all, Map.copyOf(inline.types()));
  }

  /** The provider of backend {@code name}: its own name, or an inline backend's type. */
  String provider(String name) {
    return inlineTypes.getOrDefault(name, name);
  }

  /** Returns a backend's options, empty when the document gives none. */
  Map<String, String> of(String backend) {
    return options.getOrDefault(backend, Map.of());
  }

  /** Reads the section; its problems are reported, and what is clean is kept. */
  static BackendsSection read(
      Fields f, Map<String, LimiterBackendProvider> providers) {
    if (!f.has("backends")) {
      return NONE;
    }
    Fields backends = Fields.openMap(f.node("backends"), f.path("backends"), f.problems());
    if (backends == null) {
      return NONE;
    }
    Map<String, Map<String, String>> all = new LinkedHashMap<>();
    for (String name : backends.keys()) {
      LimiterBackendProvider provider = providers.get(name);
      if (provider == null) {
        f.problems().add(backends.path(name), unknownProvider(providers));
        continue;
      }
      Fields options = Fields.open(
          backends.node(name), backends.path(name), f.problems(), provider.optionNames().stream().sorted().toList());
      if (options == null) {
        continue;
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (String key : options.keys()) {
        if (provider.optionNames().contains(key)) {
          String value = options.get(key, BackendsSection::scalar);
          if (value != null) {
            values.put(key, value);
          }
        }
      }
      all.put(name, values);
    }
    return new BackendsSection(all, Map.of());
  }

  private static String unknownProvider(Map<String, LimiterBackendProvider> providers) {
    if (providers.isEmpty()) {
      return "no backend provider of this name; none was found (put one, such as"
          + " bulwark-ratelimit-redis, on the class or module path)";
    }
    List<String> names = new ArrayList<>(providers.keySet());
    names.sort(null);
    return "no backend provider of this name; found " + String.join(", ", names);
  }

  static String scalar(JsonNode node) {
    if (!node.isValueNode() || node.isNull()) {
      throw new IllegalArgumentException("expected a string, a number or true/false");
    }
    return node.asText();
  }
}
