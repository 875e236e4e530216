package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.http.ConnectionPolicy;
import dev.bulwark.http.CorsGate;
import dev.bulwark.http.RateLimitKey;
import dev.bulwark.http.Route;
import dev.bulwark.http.RouteBuilder;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One route of the document (an entry of {@code routes}, or {@code defaultRoute}) as read: a
 * {@link RouteBuilder} with its pattern, name, methods and stateless gates already set, and the
 * settings whose limiters and breaker are built later, once every route is known.
 *
 * @param name the route's name
 * @param path the route's path in the document
 * @param builder the builder, holding everything but the limiters and the breaker
 * @param settings the route's settings over {@code routeDefaults}
 */
record RouteSection(String name, String path, RouteBuilder builder, RouteSettings settings) {

  static final List<String> KEYS = keys(true);
  static final List<String> DEFAULT_ROUTE_KEYS = keys(false);

  private static List<String> keys(boolean matched) {
    List<String> keys = new ArrayList<>(matched ? List.of("name", "pattern", "methods") : List.of("name"));
    keys.addAll(RouteSettings.KEYS);
    keys.add(ShadowSetting.KEY);
    return List.copyOf(keys);
  }

  /** Reads an entry of {@code routes}. */
  static @Nullable RouteSection read(
      JsonNode node, String path, Problems problems, BindContext context, RouteSettings defaults) {
    Fields f = Fields.open(node, path, problems, KEYS);
    if (f == null) {
      return null;
    }
    String pattern = f.required("pattern", Values::string);
    RouteBuilder builder = null;
    if (pattern != null) {
      try {
        builder = Route.builder(pattern);
      } catch (IllegalArgumentException e) {
        f.report("pattern", String.valueOf(e.getMessage()));
      }
    }
    return finish(f, builder, pattern, null, context, defaults);
  }

  /** Reads {@code defaultRoute}, whose pattern is {@code /**} and which matches every method. */
  static @Nullable RouteSection readDefault(
      JsonNode node, String path, Problems problems, BindContext context, RouteSettings defaults) {
    Fields f = Fields.open(node, path, problems, DEFAULT_ROUTE_KEYS);
    if (f == null) {
      return null;
    }
    return finish(f, Route.builder("/**"), "default", "default", context, defaults);
  }

  /** Returns the default route of a document without {@code defaultRoute}. */
  static RouteSection implicitDefault(RouteSettings defaults) {
    RouteBuilder builder = Route.builder("/**").name("default");
    apply(null, builder, defaults);
    return new RouteSection("default", "routeDefaults", builder, defaults);
  }

  /**
   * Reads what routes and the default route share.
   *
   * @param fallbackName the name when none is written: the pattern, or the default route's name
   * @param implicitName a name to set on the builder when none is written, or null to leave the
   *     builder's default (the pattern)
   */
  private static @Nullable RouteSection finish(
      Fields f,
      @Nullable RouteBuilder builder,
      @Nullable String fallbackName,
      @Nullable String implicitName,
      BindContext context,
      RouteSettings defaults) {
    String name = f.get("name", Values::string);
    if (builder != null && name != null) {
      f.attempt("name", () -> builder.name(name));
    } else if (builder != null && implicitName != null && !f.has("name")) {
      builder.name(implicitName);
    }
    if (builder != null && f.has("methods")) {
      f.strings("methods", builder::methods);
    }
    RouteSettings own = RouteSettings.read(f, context);
    RouteSettings settings = own.over(defaults);
    if (builder != null) {
      apply(f, builder, settings);
      ShadowSetting.apply(f, builder);
    }
    if (!f.clean() || builder == null) {
      return null;
    }
    return new RouteSection(name != null ? name : String.valueOf(fallbackName), f.path(), builder, settings);
  }

  /**
   * Sets the route's stateless gates and its key.
   *
   * @param f the route's own fields, to report a key written without a limit; null for the
   *     implicit default route, which writes nothing
   */
  private static void apply(@Nullable Fields f, RouteBuilder builder, RouteSettings settings) {
    SecurityHeaders headers = settings.securityHeaders();
    if (headers != null) {
      builder.securityHeaders(headers);
    }
    CorsSection cors = settings.cors();
    if (cors != null) {
      CorsGate gate = CorsGate.of(cors.policy());
      builder.cors(cors.rejectDisallowedOrigins() ? gate.rejectDisallowedOrigins() : gate);
    }
    ValidationSection validation = settings.validation();
    if (validation != null) {
      builder.validation(validation.gate());
    }
    ConnectionPolicy connections = settings.connections();
    if (connections != null) {
      builder.connections(connections);
    }
    RateLimitKey key = settings.key();
    if (key != null) {
      if (settings.rateLimit() != null || settings.concurrency() != null) {
        builder.key(key);
      } else if (f != null && settings.present().contains("key")) {
        f.report("key", "applies only to a route with a rateLimit or a concurrency limit");
      }
    }
  }
}
