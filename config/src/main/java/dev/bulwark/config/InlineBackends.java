package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.ratelimit.spi.LimiterBackendProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Backends written inline where a limit names its backend:
 * {@code backend: {type: redis, url: ..., failurePolicy: ..., expectedInstances: ..., keyPrefix: ...}}
 * instead of {@code backend: redis} plus a {@code backends.redis} section. {@code type} names a
 * provider found through {@link java.util.ServiceLoader} (or registered with the loader); the
 * other keys are that provider's options, checked as the {@code backends} section checks them.
 *
 * <p>Each distinct inline backend (same type, same options) is registered under a name of its own,
 * {@code "<type> at <path of its first occurrence>"}, which the assembly opens once, like a named
 * backend: limits written with identical inline backends share one connection pool. The name
 * carries no option value, so a URL with credentials never appears in a problem or a log line
 * through it (the provider redacts what it reports itself). Not thread-safe: one per document read.
 */
final class InlineBackends {

  private final Map<String, LimiterBackendProvider> providers;
  private final Map<String, String> types = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> options = new LinkedHashMap<>();

  InlineBackends(Map<String, LimiterBackendProvider> providers) {
    this.providers = providers;
  }

  /**
   * Reads {@code f}'s {@code backend} key: a name, returned as written (the caller checks it), or
   * an inline backend, returned as the name it is registered under.
   *
   * @return the backend name, or null when the key is absent or its value was reported as bad
   */
  @Nullable String read(Fields f) {
    if (!f.has("backend")) {
      return null;
    }
    JsonNode node = f.node("backend");
    if (!node.isObject()) {
      return f.get("backend", Values::string);
    }
    String path = f.path("backend");
    JsonNode type = node.get("type");
    if (type == null || !type.isTextual()) {
      f.problems().add(Fields.child(path, "type"), "needs the name of a backend provider; " + found());
      return null;
    }
    LimiterBackendProvider provider = providers.get(type.asText());
    if (provider == null) {
      f.problems().add(Fields.child(path, "type"), "no backend provider of this name; " + found());
      return null;
    }
    List<String> known = new ArrayList<>();
    known.add("type");
    provider.optionNames().stream().sorted().forEach(known::add);
    Fields inline = Fields.open(node, path, f.problems(), known);
    if (inline == null) {
      return null;
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : inline.keys()) {
      if (!key.equals("type") && provider.optionNames().contains(key)) {
        String value = inline.get(key, BackendsSection::scalar);
        if (value != null) {
          values.put(key, value);
        }
      }
    }
    if (!inline.clean()) {
      return null;
    }
    for (Map.Entry<String, String> entry : types.entrySet()) {
      if (entry.getValue().equals(provider.name()) && values.equals(options.get(entry.getKey()))) {
        return entry.getKey();
      }
    }
    String name = provider.name() + " at " + path;
    types.put(name, provider.name());
    options.put(name, values);
    return name;
  }

  /** Tells whether {@code name} is an inline backend's registered name. */
  boolean contains(String name) {
    return types.containsKey(name);
  }

  /** The inline backends' provider names, by registered name. */
  Map<String, String> types() {
    return types;
  }

  /** The inline backends' options, by registered name. */
  Map<String, Map<String, String>> options() {
    return options;
  }

  private String found() {
    if (providers.isEmpty()) {
      return "none was found (put one, such as bulwark-ratelimit-redis, on the class or module path)";
    }
    List<String> names = new ArrayList<>(providers.keySet());
    names.sort(null);
    return "found " + String.join(", ", names);
  }
}
