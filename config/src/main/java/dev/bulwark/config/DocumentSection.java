package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.http.ClientIpResolver;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeBuilder;
import dev.bulwark.http.EdgeListener;
import dev.bulwark.http.EdgeTracer;
import dev.bulwark.http.ErrorBodyWriter;
import dev.bulwark.http.ErrorFormat;
import dev.bulwark.http.LegacyRateLimitReset;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The whole document as read: the edge-wide settings (already on an {@link EdgeBuilder}), the
 * hierarchical limiters, the routes in matching order, the default route and the outbound
 * policies. Nothing stateful is built yet.
 *
 * <h2>How a document is loaded, and why this way</h2>
 * Loading has three phases. {@link Documents} parses the text into a Jackson tree. Then the
 * sections ({@code *Section} classes) walk the tree with {@link Fields}, which knows each object's
 * keys: they read values with exact types, hand them to the primitives' own builders (so a value is
 * checked by the same code, with the same message, as in Java) and record every failure in
 * {@link Problems} with its path, instead of throwing. What they build here is stateless and
 * immutable: security headers, CORS and input policies, breaker configurations, the route
 * builders. Only when the whole document read cleanly does {@link Assembly} build what holds state
 * (limiters, breakers, the edge), because a hierarchical limiter can only be built once every
 * route that overrides it is known, and because a backend factory may reach the network.
 *
 * <p>We did not bind with Jackson data binding and {@code FAIL_ON_UNKNOWN_PROPERTIES}: it stops at
 * the first problem, coerces types ({@code "5"} to 5), and its messages name Java classes rather
 * than the document's paths.
 *
 * @param edge the edge builder holding the edge-wide settings
 * @param hierarchies the hierarchical limiters by name, in document order
 * @param routes the routes in matching order
 * @param defaultRoute the route of requests no route matches
 * @param outbound the outbound policies in document order
 * @param backends the options of the limiter backends that providers supply
 * @param observability the {@code health} settings (request ids and log are on {@code edge})
 */
record DocumentSection(
    EdgeBuilder edge,
    Map<String, HierarchySection> hierarchies,
    List<RouteSection> routes,
    RouteSection defaultRoute,
    List<OutboundSection> outbound,
    BackendsSection backends,
    ObservabilitySection observability) {

  static final List<String> KEYS = keys();

  private static List<String> keys() {
    List<String> keys = new ArrayList<>(List.of(
      "errorFormat", "errorBodies", "problemTypeBase", "legacyRateLimitHeaders", "legacyRateLimitReset", "preflightRateLimit", "maxBodyBytes", "clientIp", "backends", "hierarchicalLimits",
      "routeDefaults", "routes", "defaultRoute", "outbound", ShadowSetting.KEY));
    keys.addAll(ObservabilitySection.KEYS);
    return List.copyOf(keys);
  }
  static final List<String> CLIENT_IP_KEYS = List.of("trustedProxies", "forwardingHeader");

  /** Reads a document; null when a problem was reported. */
  static @Nullable DocumentSection read(JsonNode root, Problems problems, LoaderOptions options) {
    if (!root.isObject()) {
      problems.bad("(document)", root, "expected an object at the top level");
      return null;
    }
    Fields f = Fields.open(root, "", problems, KEYS);
    if (f == null) {
      return null;
    }
    EdgeBuilder edge = Edge.builder().ticker(options.ticker());
    Clock clock = options.clock();
    if (clock != null) {
      edge.clock(clock);
    }
    if (f.has("errorBodies")) {
      ErrorFormat format = f.get("errorFormat", Values.enumeration(ErrorFormat.class));
      ErrorBodyWriter templates = ErrorBodiesSection.read(
          f, format != null ? format.writer() : ErrorBodyWriter.problemJson());
      if (templates != null) {
        edge.errorBodyWriter(templates);
      }
    } else {
      f.apply("errorFormat", Values.enumeration(ErrorFormat.class), edge::errorFormat);
    }
    f.apply("problemTypeBase", Values::string, edge::problemTypeBase);
    f.apply("legacyRateLimitHeaders", Values::bool, edge::legacyRateLimitHeaders);
    f.apply("legacyRateLimitReset", Values.enumeration(LegacyRateLimitReset.class), edge::legacyRateLimitReset);
    f.apply("preflightRateLimit", Values::string, edge::preflightRateLimit);
    f.apply("maxBodyBytes", Values::size, edge::maxBodyBytes);
    ShadowSetting.apply(f, edge);
    ClientIpResolver resolver = clientIp(f);
    ClientIpResolver chosen = options.clientIpResolver() != null ? options.clientIpResolver() : resolver;
    if (chosen != null) {
      edge.clientIpResolver(chosen);
    }
    EdgeListener listener = options.edgeListener();
    if (listener != null) {
      edge.listener(listener);
    }
    EdgeTracer tracer = options.edgeTracer();
    if (tracer != null) {
      edge.tracer(tracer);
    }

    ObservabilitySection observability = ObservabilitySection.read(f, edge, options.routeStatistics());
    BackendsSection named = BackendsSection.read(f, options.providers());
    InlineBackends inline = new InlineBackends(options.providers());
    Map<String, HierarchySection> hierarchies = hierarchies(f, options, inline);
    BindContext context = new BindContext(
        hierarchies.keySet(), options.rateBackendNames(), options.concurrencyBackendNames(), inline);
    RouteSettings defaults = RouteSettings.NONE;
    Fields defaultsFields = f.object("routeDefaults", RouteSettings.KEYS);
    if (defaultsFields != null) {
      defaults = RouteSettings.read(defaultsFields, context);
    }
    List<RouteSection> routes = routes(f, context, defaults);
    RouteSection defaultRoute = f.has("defaultRoute")
        ? RouteSection.readDefault(f.node("defaultRoute"), "defaultRoute", problems, context, defaults)
        : RouteSection.implicitDefault(defaults);
    checkNames(routes, defaultRoute, problems);
    List<OutboundSection> outbound = outbound(f, options);
    List<RouteSection> all = new ArrayList<>(routes);
    if (defaultRoute != null) {
      all.add(defaultRoute);
    }
    observability.check(all, outbound, problems);
    if (!f.clean() || defaultRoute == null) {
      return null;
    }
    BackendsSection backends = named.with(inline);
    return new DocumentSection(edge, hierarchies, routes, defaultRoute, outbound, backends, observability);
  }

  private static @Nullable ClientIpResolver clientIp(Fields f) {
    Fields c = f.object("clientIp", CLIENT_IP_KEYS);
    if (c == null) {
      return null;
    }
    List<String> proxies = c.strings("trustedProxies");
    ClientIpResolver resolver = null;
    if (proxies != null) {
      boolean clean = true;
      for (int i = 0; i < proxies.size(); i++) {
        try {
          ClientIpResolver.trustedProxies(proxies.get(i));
        } catch (IllegalArgumentException e) {
          c.problems().bad(Fields.index(c.path("trustedProxies"), i), c.node("trustedProxies").get(i),
              String.valueOf(e.getMessage()));
          clean = false;
        }
      }
      resolver = clean ? ClientIpResolver.trustedProxies(proxies) : null;
    }
    ClientIpResolver.ForwardingHeader header =
        c.get("forwardingHeader", Values.enumeration(ClientIpResolver.ForwardingHeader.class));
    if (header != null && !c.has("trustedProxies")) {
      c.report("forwardingHeader", "applies only with trustedProxies");
    }
    return resolver != null && header != null ? resolver.withHeader(header) : resolver;
  }

  private static Map<String, HierarchySection> hierarchies(Fields f, LoaderOptions options, InlineBackends inline) {
    Map<String, HierarchySection> map = new LinkedHashMap<>();
    Fields h = f.has("hierarchicalLimits")
        ? Fields.openMap(f.node("hierarchicalLimits"), f.path("hierarchicalLimits"), f.problems())
        : null;
    if (h != null) {
      for (String name : h.keys()) {
        HierarchySection section = HierarchySection.read(
            name, h.node(name), h.path(name), f.problems(), options.hierarchyBackendNames(), inline);
        if (section != null) {
          map.put(name, section);
        }
      }
    }
    return map;
  }

  private static List<RouteSection> routes(Fields f, BindContext context, RouteSettings defaults) {
    List<RouteSection> routes = new ArrayList<>();
    JsonNode list = f.node("routes");
    if (list.isMissingNode()) {
      return routes;
    }
    if (!list.isArray()) {
      f.report("routes", "expected a list of routes");
      return routes;
    }
    for (int i = 0; i < list.size(); i++) {
      RouteSection route = RouteSection.read(
          list.get(i), Fields.index("routes", i), f.problems(), context, defaults);
      if (route != null) {
        routes.add(route);
      }
    }
    return routes;
  }

  private static void checkNames(
      List<RouteSection> routes, @Nullable RouteSection defaultRoute, Problems problems) {
    Map<String, String> seen = new HashMap<>();
    for (RouteSection route : routes) {
      String previous = seen.putIfAbsent(route.name(), route.path());
      if (previous != null) {
        problems.add(route.path(), "the route name \"" + route.name() + "\" is already used by "
            + previous + "; a route without a name is named after its pattern, so name one of them");
      }
    }
    if (defaultRoute == null) {
      return;
    }
    String clash = seen.get(defaultRoute.name());
    if (clash != null && defaultRoute.path().equals("defaultRoute")) {
      problems.add("defaultRoute", "the route name \"" + defaultRoute.name() + "\" is already used by "
          + clash);
    } else if (clash != null) {
      problems.add(clash, "the route name \"" + defaultRoute.name() + "\" is the default route's;"
          + " choose another, or rename the default route with defaultRoute.name");
    }
  }

  private static List<OutboundSection> outbound(Fields f, LoaderOptions options) {
    List<OutboundSection> list = new ArrayList<>();
    Fields o = f.has("outbound") ? Fields.openMap(f.node("outbound"), f.path("outbound"), f.problems()) : null;
    if (o != null) {
      for (String name : o.keys()) {
        OutboundSection section = OutboundSection.read(name, o.node(name), o.path(name), f.problems(), options);
        if (section != null) {
          list.add(section);
        }
      }
    }
    return list;
  }
}
