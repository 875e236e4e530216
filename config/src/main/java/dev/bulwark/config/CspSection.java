package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.headers.ContentSecurityPolicy;
import dev.bulwark.headers.ContentSecurityPolicyBuilder;
import dev.bulwark.headers.CspDirective;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code contentSecurityPolicy} section. It starts from the profile's enforced policy (an
 * empty one for the {@code none} profile): {@code directives} replace the named directives'
 * sources, {@code remove} drops directives, and {@code nonce} adds the per-request nonce,
 * {@code true} meaning {@code script-src} and {@code style-src}. Directive names are written as in
 * the header ({@code script-src}).
 */
final class CspSection {

  static final List<String> KEYS = List.of(
      "directives", "remove", "nonce", "upgradeInsecureRequests", "reportUri", "reportTo",
      "reportOnly");

  private static final Map<String, CspDirective> DIRECTIVES = directives();

  private CspSection() {}

  private static Map<String, CspDirective> directives() {
    Map<String, CspDirective> map = new LinkedHashMap<>();
    for (CspDirective d : CspDirective.values()) {
      map.put(d.directiveName(), d);
    }
    return map;
  }

  static @Nullable ContentSecurityPolicy read(
      JsonNode node, String path, Problems problems, @Nullable ContentSecurityPolicy base) {
    Fields f = Fields.open(node, path, problems, KEYS);
    if (f == null) {
      return null;
    }
    ContentSecurityPolicyBuilder b = base != null ? base.toBuilder() : ContentSecurityPolicy.builder();
    Fields sources = f.has("directives")
        ? Fields.openMap(f.node("directives"), f.path("directives"), problems)
        : null;
    if (sources != null) {
      for (String name : sources.keys()) {
        CspDirective directive = DIRECTIVES.get(name);
        if (directive == null) {
          problems.unknownKey(sources.path(name), name, DIRECTIVES.keySet());
        } else {
          sources.strings(name, list -> b.directive(directive, list));
        }
      }
    }
    f.strings("remove", names -> {
      for (String name : names) {
        b.remove(directive(name));
      }
    });
    List<CspDirective> nonces = f.get("nonce", CspSection::nonces);
    if (nonces != null) {
      f.attempt("nonce", () -> nonces.forEach(b::nonce));
    }
    f.apply("upgradeInsecureRequests", Values::bool, b::upgradeInsecureRequests);
    f.strings("reportUri", b::reportUri);
    f.apply("reportTo", Values::string, b::reportTo);
    f.apply("reportOnly", Values::bool, b::reportOnly);
    return f.build(b::build);
  }

  private static List<CspDirective> nonces(JsonNode node) {
    if (node.isBoolean()) {
      return node.booleanValue()
          ? List.of(CspDirective.SCRIPT_SRC, CspDirective.STYLE_SRC)
          : List.of();
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(
          "expected true (script-src and style-src), false, or a list of directive names");
    }
    List<CspDirective> list = new ArrayList<>();
    for (JsonNode element : node) {
      if (!element.isTextual()) {
        throw new IllegalArgumentException("expected a list of directive names");
      }
      list.add(directive(element.textValue()));
    }
    return list;
  }

  private static CspDirective directive(String name) {
    CspDirective directive = DIRECTIVES.get(name);
    if (directive == null) {
      throw new IllegalArgumentException("unknown directive \"" + name + "\"; expected one of "
          + String.join(", ", DIRECTIVES.keySet()));
    }
    return directive;
  }
}
