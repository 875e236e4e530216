package dev.bulwark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.BreakerGate;
import dev.bulwark.http.ConcurrencyGate;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeBuilder;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.ReloadableEdge;
import dev.bulwark.http.Route;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The meters of a {@link ReloadableEdge}'s primitives follow each replacement of the edge. */
class ReloadableEdgeBinderTest {

  private final ManualTicker ticker = new ManualTicker();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final EdgeMetrics metrics = EdgeMetrics.create();
  /** Kept across reloads, as the config module keeps a limiter whose settings did not change. */
  private final KeyedRateLimiter<String> search =
      KeyedRateLimiter.builder(RateLimit.perMinute(2)).name("search").ticker(ticker).recordStats().build();

  private Route searchRoute() {
    return Route.builder("/api/search").name("search").rateLimit(RateLimitGate.of(search)).build();
  }

  /** An edge-built concurrency limiter and breaker: new objects in every edge. */
  private Route llmRoute(int total) {
    return Route.builder("/api/llm").name("llm").concurrency(ConcurrencyGate.of(2, total))
        .circuitBreaker(BreakerGate.of(CircuitBreakerConfig.builder()
            .trip(TripStrategy.consecutiveFailures(1)).openDuration(Backoff.fixed(Duration.ofSeconds(30))).build()))
        .build();
  }

  private Edge edge(Route... routes) {
    EdgeBuilder b = Edge.builder().ticker(ticker).listener(metrics);
    for (Route r : routes) {
      b.route(r);
    }
    return b.build();
  }

  private FunctionCounter decisions(String name, String result) {
    return registry.get(MetricNames.RATELIMIT_DECISIONS).tag(MetricNames.NAME, name)
        .tag(MetricNames.RESULT, result).functionCounter();
  }

  private double requests(String route, String status) {
    return registry.get(MetricNames.EDGE_REQUESTS).tag(MetricNames.ROUTE, route)
        .tag(MetricNames.STATUS, status).functionCounter().count();
  }

  /** The meters of limiters and breakers: those tagged with a primitive's name. */
  private Set<String> primitiveMeters() {
    return registry.getMeters().stream()
        .map(Meter::getId)
        .filter(id -> id.getTag(MetricNames.NAME) != null)
        .map(id -> id.getName() + id.getTags())
        .collect(Collectors.toSet());
  }

  @Test
  void aReloadThatKeepsALimiterKeepsItsMetersAndTheirValues() {
    ReloadableEdge edges = ReloadableEdge.of(edge(searchRoute()));
    EdgeBinder.of(edges, metrics).bindTo(registry);
    edges.begin(TestRequest.get("/api/search")).complete(200);
    edges.begin(TestRequest.get("/api/search")).complete(200);
    edges.begin(TestRequest.get("/api/search")); // 429
    FunctionCounter permitted = decisions("search", "permitted");
    Gauge keys = registry.get(MetricNames.RATELIMIT_KEYS).tag(MetricNames.NAME, "search").gauge();

    edges.replace(edge(searchRoute(), llmRoute(4)));

    assertThat(decisions("search", "permitted")).as("the same meter").isSameAs(permitted);
    assertThat(permitted.count()).isEqualTo(2.0);
    assertThat(decisions("search", "rejected").count()).isEqualTo(1.0);
    assertThat(registry.get(MetricNames.RATELIMIT_KEYS).tag(MetricNames.NAME, "search").gauge()).isSameAs(keys);
    assertThat(registry.get(MetricNames.CONCURRENCY_LIMIT).tag(MetricNames.NAME, "llm").gauge().value())
        .as("the new route's limiter is bound").isEqualTo(4.0);
    assertThat(registry.get(MetricNames.CIRCUITBREAKER_STATE).tag(MetricNames.NAME, "llm")
        .tag(MetricNames.STATE, "closed").gauge().value()).isEqualTo(1.0);

    edges.begin(TestRequest.get("/api/search")); // still 429: the kept limiter's tokens stay spent
    assertThat(decisions("search", "rejected").count()).isEqualTo(2.0);
    assertThat(requests("search", "200")).isEqualTo(2.0);
    assertThat(requests("search", "429")).as("one series, counting across the reload").isEqualTo(2.0);
  }

  @Test
  void aChangedLimitShowsTheNewLimitersValuesUnderTheSameIdsWithoutDuplicates() {
    ReloadableEdge edges = ReloadableEdge.of(edge(searchRoute(), llmRoute(4)));
    EdgeBinder.of(edges, metrics).bindTo(registry);
    edges.begin(TestRequest.get("/api/llm")).complete(503); // opens the first edge's breaker
    assertThat(registry.get(MetricNames.CIRCUITBREAKER_STATE).tag(MetricNames.NAME, "llm")
        .tag(MetricNames.STATE, "open").gauge().value()).isEqualTo(1.0);
    Set<String> before = primitiveMeters();
    int count = registry.getMeters().size();

    edges.replace(edge(searchRoute(), llmRoute(8)));

    assertThat(registry.find(MetricNames.CONCURRENCY_LIMIT).gauges()).hasSize(1);
    assertThat(registry.get(MetricNames.CONCURRENCY_LIMIT).tag(MetricNames.NAME, "llm").gauge().value())
        .isEqualTo(8.0);
    assertThat(registry.get(MetricNames.CIRCUITBREAKER_STATE).tag(MetricNames.NAME, "llm")
        .tag(MetricNames.STATE, "closed").gauge().value()).as("the new breaker, not the open one").isEqualTo(1.0);
    assertThat(registry.get(MetricNames.CIRCUITBREAKER_CALLS).tag(MetricNames.NAME, "llm")
        .tag(MetricNames.OUTCOME, "failure").functionCounter().count()).isEqualTo(0.0);
    assertThat(primitiveMeters()).as("the same ids").isEqualTo(before);
    assertThat(registry.getMeters()).hasSize(count);
  }

  @Test
  void aReloadThatRemovesARouteRemovesItsPrimitivesMeters() {
    ReloadableEdge edges = ReloadableEdge.of(edge(searchRoute(), llmRoute(4)));
    EdgeBinder.of(edges, metrics).bindTo(registry);
    edges.begin(TestRequest.get("/api/llm")).complete(200);

    edges.replace(edge(searchRoute()));

    assertThat(primitiveMeters()).allMatch(id -> id.contains("name=search"));
    assertThat(registry.find(MetricNames.CONCURRENCY_INFLIGHT).meters()).isEmpty();
    assertThat(registry.find(MetricNames.CIRCUITBREAKER_STATE).meters()).isEmpty();
    assertThat(registry.find(MetricNames.CIRCUITBREAKER_TRANSITIONS).meters()).isEmpty();
    assertThat(decisions("search", "permitted")).isNotNull();
    assertThat(requests("llm", "200")).as("the requests it served stay counted").isEqualTo(1.0);

    edges.replace(edge(searchRoute(), llmRoute(4)));
    assertThat(registry.get(MetricNames.CONCURRENCY_LIMIT).tag(MetricNames.NAME, "llm").gauge().value())
        .as("a route that comes back is bound again").isEqualTo(4.0);
  }

  @Test
  void manyReloadsLeaveTheMeterCountStable() {
    ReloadableEdge edges = ReloadableEdge.of(edge(searchRoute(), llmRoute(4)));
    EdgeBinder binder = EdgeBinder.of(edges, metrics);
    binder.bindTo(registry);
    edges.begin(TestRequest.get("/api/llm")).complete(200);
    int withLlm = registry.getMeters().size();
    edges.replace(edge(searchRoute()));
    int withoutLlm = registry.getMeters().size();
    assertThat(withoutLlm).isLessThan(withLlm);

    for (int i = 0; i < 500; i++) {
      edges.replace(edge(searchRoute(), llmRoute(4 + i % 3)));
      edges.begin(TestRequest.get("/api/llm")).complete(200);
      assertThat(registry.getMeters()).hasSize(withLlm);
      assertThat(binder.boundPrimitives(registry)).isEqualTo(3);
      edges.replace(edge(searchRoute()));
      assertThat(registry.getMeters()).hasSize(withoutLlm);
      assertThat(binder.boundPrimitives(registry)).isEqualTo(1);
    }
    assertThat(requests("llm", "200")).isEqualTo(501.0);
  }

  @Test
  void bindingTheSameRegistryTwiceFollowsOnceAndASecondRegistryFollowsToo() {
    ReloadableEdge edges = ReloadableEdge.of(edge(searchRoute(), llmRoute(4)));
    EdgeBinder binder = EdgeBinder.of(edges, metrics).withTags(Tags.of("app", "demo"));
    SimpleMeterRegistry second = new SimpleMeterRegistry();
    binder.bindTo(registry);
    binder.bindTo(registry);
    binder.bindTo(second);
    edges.begin(TestRequest.get("/api/search")).complete(200);

    edges.replace(edge(searchRoute(), llmRoute(6)));

    for (SimpleMeterRegistry r : List.of(registry, second)) {
      assertThat(r.get(MetricNames.CONCURRENCY_LIMIT).tag("app", "demo").gauge().value()).isEqualTo(6.0);
      assertThat(r.get(MetricNames.RATELIMIT_DECISIONS).tag(MetricNames.RESULT, "permitted").tag("app", "demo")
          .functionCounter().count()).isEqualTo(1.0);
      assertThat(r.get(MetricNames.EDGE_REQUESTS).tag(MetricNames.ROUTE, "search").tag("app", "demo")
          .functionCounter().count()).isEqualTo(1.0);
    }
    assertThat(second.getMeters()).hasSameSizeAs(registry.getMeters());
  }

  @Test
  void nullsAreRefused() {
    ReloadableEdge edges = ReloadableEdge.of(edge(searchRoute()));
    assertThatThrownBy(() -> EdgeBinder.of((ReloadableEdge) null, metrics)).hasMessage("edges");
    assertThatThrownBy(() -> EdgeBinder.of(edges, null)).hasMessage("metrics");
    assertThatThrownBy(() -> EdgeBinder.of(edges, metrics).bindTo(null)).hasMessage("registry");
  }

  @Test
  void aBreakerWithoutStatisticsFailsTheBindingAndAReloadToItIsLoggedNotThrown() {
    CircuitBreaker quiet = CircuitBreaker.builder("quiet").ticker(ticker).build();
    Route quietRoute = Route.builder("/quiet").name("quiet").circuitBreaker(BreakerGate.of(quiet)).build();
    assertThatThrownBy(() -> EdgeBinder.of(ReloadableEdge.of(edge(quietRoute)), metrics).bindTo(new SimpleMeterRegistry()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'quiet' keeps no statistics");

    ReloadableEdge edges = ReloadableEdge.of(edge(searchRoute()));
    EdgeBinder.of(edges, metrics).bindTo(registry);
    Edge next = edge(searchRoute(), quietRoute);
    assertThat(edges.replace(next)).isNotSameAs(next);
    assertThat(edges.current()).as("the replacement stands").isSameAs(next);
    assertThat(decisions("search", "permitted")).isNotNull();
  }

  @Test
  void requestsOnManyThreadsWhileTheEdgeIsReloadedAreAllCountedAndTheMetersEndOnTheLastEdge() throws Exception {
    KeyedRateLimiter<String> open =
        KeyedRateLimiter.builder(RateLimit.perMinute(1_000_000)).name("search").ticker(ticker).recordStats().build();
    Route openSearch = Route.builder("/api/search").name("search").rateLimit(RateLimitGate.of(open)).build();
    ReloadableEdge edges = ReloadableEdge.of(edge(openSearch, llmRoute(1000)));
    EdgeBinder.of(edges, metrics).bindTo(registry);
    int threads = 4;
    int perThread = 2_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        work.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            edges.begin(TestRequest.get(i % 2 == 0 ? "/api/search" : "/api/llm")).complete(200);
          }
          return null;
        }));
      }
      Future<?> reloads = pool.submit(() -> {
        start.await();
        for (int i = 0; i < 200; i++) {
          edges.replace(i % 2 == 1 ? edge(openSearch) : edge(openSearch, llmRoute(1000 + i))); // the last has no llm
        }
        return null;
      });
      start.countDown();
      for (Future<?> f : work) {
        f.get();
      }
      reloads.get();
    } finally {
      pool.shutdown();
    }

    assertThat(requests("search", "200")).isEqualTo(threads * perThread / 2.0);
    double llm = registry.find(MetricNames.EDGE_REQUESTS).tag(MetricNames.ROUTE, "llm").functionCounters().stream()
        .mapToDouble(FunctionCounter::count).sum();
    double fallback = registry.find(MetricNames.EDGE_REQUESTS).functionCounters().stream()
        .filter(c -> !List.of("search", "llm").contains(c.getId().getTag(MetricNames.ROUTE)))
        .mapToDouble(FunctionCounter::count).sum();
    assertThat(llm + fallback).as("every /api/llm request counted, on llm or the default route")
        .isEqualTo(threads * perThread / 2.0);
    assertThat(decisions("search", "permitted").count()).isEqualTo(threads * perThread / 2.0);
    SimpleMeterRegistry fresh = new SimpleMeterRegistry();
    EdgeBinder.of(edges.current(), EdgeMetrics.create()).bindTo(fresh);
    Set<String> expected = fresh.getMeters().stream().map(Meter::getId)
        .filter(id -> id.getTag(MetricNames.NAME) != null)
        .map(id -> id.getName() + id.getTags()).collect(Collectors.toSet());
    assertThat(primitiveMeters()).as("exactly the last edge's primitives").isEqualTo(expected);
    assertThat(registry.find(MetricNames.CONCURRENCY_LIMIT).gauges()).isEmpty(); // the last edge has no llm route
  }
}
