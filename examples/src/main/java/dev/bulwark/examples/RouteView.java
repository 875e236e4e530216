package dev.bulwark.examples;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One route as {@code GET /api/state} shows it: the answers its server wrote
 * ({@link DemoApp#record}) and those the edge gave itself (its refusals, from the edge's
 * {@link dev.bulwark.http.RouteStatistics}), and the requests in its handler now.
 *
 * @param route the route key, e.g. {@code GET /api/search}
 * @param permitted responses with a status below 400
 * @param rejected responses with a status of 400 or more (the edge's 429s, 503s and 400s, and the
 *     handler's own errors)
 * @param statuses the count of each status seen, by status code
 * @param inFlight requests inside the handler now
 * @param breaker the name of the circuit breaker guarding the route's upstream, or null
 */
public record RouteView(
    String route,
    long permitted,
    long rejected,
    Map<Integer, Long> statuses,
    int inFlight,
    @Nullable String breaker) {

  /**
   * Validates and copies.
   *
   * @param route the route key, e.g. {@code GET /api/search}
   * @param permitted responses with a status below 400
   * @param rejected responses with a status of 400 or more (the edge's 429s, 503s and 400s, and the
   *     handler's own errors)
   * @param statuses the count of each status seen, by status code
   * @param inFlight requests inside the handler now
   * @param breaker the name of the circuit breaker guarding the route's upstream, or null
   * @throws NullPointerException if {@code route} or {@code statuses} is null
   */
  public RouteView {
    Objects.requireNonNull(route, "route");
    statuses = Map.copyOf(statuses);
  }
}
