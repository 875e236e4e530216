package dev.bulwark.http;

import java.util.List;

/**
 * The routes of an edge in order, and the default route. The first route whose methods and
 * pattern match wins; no match means the default route. Paths are canonical ({@link MatchPath});
 * matching allocates nothing.
 */
final class Router {

  private final CompiledRoute[] routes;
  private final CompiledRoute fallback;

  private final boolean remote;

  Router(List<CompiledRoute> routes, CompiledRoute fallback) {
    this.routes = routes.toArray(new CompiledRoute[0]);
    this.fallback = fallback;
    boolean any = fallback.remoteRate || fallback.remoteConcurrency;
    for (CompiledRoute route : this.routes) {
      any |= route.remoteRate || route.remoteConcurrency;
    }
    this.remote = any;
  }

  /** Whether some route (or the default route) has a limit decided in another process. */
  boolean remote() {
    return remote;
  }

  /** Returns the route for a method and a canonical path ({@link MatchPath#of}). */
  CompiledRoute route(String method, String path) {
    for (CompiledRoute route : routes) {
      if (route.matches(method, path)) {
        return route;
      }
    }
    return fallback;
  }

  /**
   * Returns the route answering a CORS preflight: the route of the method the browser asks for,
   * if it has a CORS policy; else the first route with a CORS policy whose pattern matches (its
   * policy then refuses the method); else the route of {@code OPTIONS} itself, which sees an
   * ordinary OPTIONS request.
   */
  CompiledRoute preflightRoute(String requestedMethod, String path) {
    CompiledRoute route = route(requestedMethod, path);
    if (route.handlesPreflight()) {
      return route;
    }
    for (CompiledRoute candidate : routes) {
      if (candidate.handlesPreflight() && candidate.matchesPath(path)) {
        return candidate;
      }
    }
    return route("OPTIONS", path);
  }

  List<CompiledRoute> routes() {
    return List.of(routes);
  }

  CompiledRoute fallback() {
    return fallback;
  }
}
