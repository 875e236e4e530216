package dev.bulwark.spring.boot;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerRegistry;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeRoute;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The read-only Actuator endpoint {@code bulwark} ({@code GET /actuator/bulwark} once exposed with
 * {@code management.endpoints.web.exposure.include}): the edge's routes in matching order with their
 * limits and breaker, every breaker of the registry with its state, and the outbound entries' names.
 *
 * <pre>{@code
 * {"routes":[{"name":"api",
 *             "rateLimit":{"name":"api","limits":["10/minute"],"trackedKeys":3},
 *             "concurrency":{"name":"api","perClient":2,"total":20,"inFlight":1},
 *             "circuitBreaker":{"name":"api","state":"closed"}}],
 *  "circuitBreakers":[{"name":"api","state":"closed","remainingOpenMs":0}],
 *  "outbound":["llm"]}
 * }</pre>
 * A route's {@code rateLimit} is absent when it has none ({@code hierarchicalRateLimit} when it
 * draws from a hierarchy); states are lower case, as in the metrics. Each read takes a snapshot
 * without locks. Thread-safe.
 */
@Endpoint(id = "bulwark")
public class BulwarkEndpoint {

  private final Edge edge;
  private final CircuitBreakerRegistry breakers;
  private final Set<String> outbound;

  /**
   * Creates the endpoint.
   *
   * @param edge the edge whose routes are listed
   * @param breakers the registry whose breakers are listed
   * @param outbound the names of the outbound entries
   */
  public BulwarkEndpoint(Edge edge, CircuitBreakerRegistry breakers, Set<String> outbound) {
    this.edge = Objects.requireNonNull(edge, "edge");
    this.breakers = Objects.requireNonNull(breakers, "breakers");
    this.outbound = Set.copyOf(outbound);
  }

  /**
   * Describes the edge now.
   *
   * @return {@code routes}, {@code circuitBreakers} and {@code outbound}, as above
   */
  @ReadOperation
  public Map<String, Object> bulwark() {
    List<Object> routes = new ArrayList<>();
    for (EdgeRoute route : edge.routes()) {
      routes.add(route(route));
    }
    List<Object> allBreakers = new ArrayList<>();
    for (CircuitBreaker breaker : breakers.breakers()) {
      Map<String, Object> one = breaker(breaker);
      one.put("remainingOpenMs", TimeUnit.NANOSECONDS.toMillis(breaker.remainingOpenNanos()));
      allBreakers.add(one);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("routes", routes);
    out.put("circuitBreakers", allBreakers);
    out.put("outbound", outbound.stream().sorted().toList());
    return out;
  }

  private static Map<String, Object> route(EdgeRoute route) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", route.name());
    KeyedRateLimiter<String> rate = route.rateLimiter();
    if (rate != null) {
      Map<String, Object> limit = new LinkedHashMap<>();
      limit.put("name", rate.name());
      List<String> limits = new ArrayList<>();
      for (RateLimit each : rate.limits()) {
        limits.add(each.toString());
      }
      limit.put("limits", limits);
      limit.put("trackedKeys", rate.trackedKeys());
      out.put("rateLimit", limit);
    }
    HierarchicalRateLimiter<String> hierarchy = route.hierarchicalRateLimiter();
    if (hierarchy != null) {
      out.put("hierarchicalRateLimit", Map.of("name", hierarchy.name(), "trackedKeys", hierarchy.trackedKeys()));
    }
    KeyedConcurrencyLimiter<String> concurrency = route.concurrencyLimiter();
    if (concurrency != null) {
      Map<String, Object> limit = new LinkedHashMap<>();
      limit.put("name", concurrency.name());
      limit.put("perClient", concurrency.maxPerKey());
      limit.put("total", concurrency.maxTotal());
      limit.put("inFlight", concurrency.inFlight());
      out.put("concurrency", limit);
    }
    CircuitBreaker breaker = route.circuitBreaker();
    if (breaker != null) {
      out.put("circuitBreaker", breaker(breaker));
    }
    return out;
  }

  private static Map<String, Object> breaker(CircuitBreaker breaker) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", breaker.name());
    out.put("state", breaker.state().name().toLowerCase(Locale.ROOT));
    return out;
  }
}
