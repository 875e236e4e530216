package dev.bulwark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.BreakerGate;
import dev.bulwark.http.ConcurrencyGate;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.EdgeEvent;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.Route;
import dev.bulwark.http.RouteValidation;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.validation.InputPolicy;
import dev.bulwark.validation.Violation;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Exact meter values after scripted requests through {@code edge.begin(...)} on a manual clock. */
class EdgeBinderTest {

  private final ManualTicker ticker = new ManualTicker();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final EdgeMetrics metrics = EdgeMetrics.create();

  private Edge edge() {
    return Edge.builder()
        .ticker(ticker)
        .listener(metrics)
        .route(Route.builder("/api/search").name("search").methods("GET")
            .rateLimit(RateLimitGate.of("2/minute")).validation(RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).build()).build())
        .route(Route.builder("/api/llm").name("llm").concurrency(ConcurrencyGate.of(2, 4))
            .circuitBreaker(BreakerGate.of(CircuitBreakerConfig.builder()
                .trip(TripStrategy.consecutiveFailures(1)).openDuration(Backoff.fixed(Duration.ofSeconds(30))).build()))
            .build())
        .build();
  }

  /** 10 requests: every outcome but CORS and concurrency, among them one injection probe. */
  private void traffic(Edge edge) {
    edge.begin(TestRequest.get("/api/search?q=hello")).complete(200);
    edge.begin(TestRequest.get("/api/search?q=world")).complete(200);
    edge.begin(TestRequest.get("/api/search?q=%3Cscript%3E&id=1%27%20OR%20%271%27%3D%271").from("10.0.0.2"));
    edge.begin(TestRequest.get("/api/search?q=again")).complete(200); // the 3rd of 2 per minute: 429
    EdgeExchange llm = edge.begin(TestRequest.get("/api/llm"));
    ticker.advance(Duration.ofMillis(250));
    llm.complete(200);
    EdgeExchange failing = edge.begin(TestRequest.get("/api/llm"));
    ticker.advance(Duration.ofMillis(1500));
    failing.complete(503); // opens the breaker
    edge.begin(TestRequest.get("/api/llm"));
    edge.begin(TestRequest.get("/elsewhere")).complete(404);
    edge.begin(TestRequest.get("/elsewhere")).cancel();
    edge.begin(TestRequest.get("/elsewhere")).fail(new IOException("reset"));
  }

  @Test
  void bindingAnEdgeRegistersItsRequestsViolationsAndEveryPrimitive() {
    Edge edge = edge();
    EdgeBinder.of(edge, metrics).bindTo(registry);
    traffic(edge);

    assertThat(MeterLines.happened(MeterLines.render(registry))).containsExactly(
        "bulwark.circuitbreaker.call.duration{name=llm,outcome=failure} count=1 total=1500ms",
        "bulwark.circuitbreaker.call.duration{name=llm,outcome=ignored} count=0 total=0ms",
        "bulwark.circuitbreaker.call.duration{name=llm,outcome=slow} count=0 total=0ms",
        "bulwark.circuitbreaker.call.duration{name=llm,outcome=success} count=1 total=250ms",
        "bulwark.circuitbreaker.calls{name=llm,outcome=failure} 1.0",
        "bulwark.circuitbreaker.calls{name=llm,outcome=ignored} 0.0",
        "bulwark.circuitbreaker.calls{name=llm,outcome=rejected} 1.0",
        "bulwark.circuitbreaker.calls{name=llm,outcome=slow} 0.0",
        "bulwark.circuitbreaker.calls{name=llm,outcome=success} 1.0",
        "bulwark.circuitbreaker.state{name=llm,state=closed} 0.0",
        "bulwark.circuitbreaker.state{name=llm,state=disabled} 0.0",
        "bulwark.circuitbreaker.state{name=llm,state=forced_open} 0.0",
        "bulwark.circuitbreaker.state{name=llm,state=half_open} 0.0",
        "bulwark.circuitbreaker.state{name=llm,state=open} 1.0",
        "bulwark.circuitbreaker.transitions{from=closed,name=llm,to=open} 1.0",
        "bulwark.concurrency.inflight{name=llm} 0.0",
        "bulwark.concurrency.limit{name=llm} 4.0",
        "bulwark.edge.refusals{gate=circuit_breaker,outcome=rejected,route=llm} 1.0",
        "bulwark.edge.refusals{gate=rate_limit,outcome=rejected,route=search} 1.0",
        "bulwark.edge.refusals{gate=validation,outcome=rejected,route=search} 1.0",
        "bulwark.edge.request.duration{outcome=admitted,route=default} count=1 total=0ms",
        "bulwark.edge.request.duration{outcome=admitted,route=llm} count=2 total=1750ms",
        "bulwark.edge.request.duration{outcome=admitted,route=search} count=2 total=0ms",
        "bulwark.edge.request.duration{outcome=cancelled,route=default} count=1 total=0ms",
        "bulwark.edge.request.duration{outcome=circuit_breaker,route=llm} count=1 total=0ms",
        "bulwark.edge.request.duration{outcome=failed,route=default} count=1 total=0ms",
        "bulwark.edge.request.duration{outcome=rate_limit,route=search} count=1 total=0ms",
        "bulwark.edge.request.duration{outcome=validation,route=search} count=1 total=0ms",
        "bulwark.edge.request.size{outcome=admitted,route=default} count=1 total=0",
        "bulwark.edge.request.size{outcome=admitted,route=llm} count=2 total=0",
        "bulwark.edge.request.size{outcome=admitted,route=search} count=2 total=0",
        "bulwark.edge.request.size{outcome=cancelled,route=default} count=1 total=0",
        "bulwark.edge.request.size{outcome=circuit_breaker,route=llm} count=1 total=0",
        "bulwark.edge.request.size{outcome=failed,route=default} count=1 total=0",
        "bulwark.edge.request.size{outcome=rate_limit,route=search} count=1 total=0",
        "bulwark.edge.request.size{outcome=validation,route=search} count=1 total=0",
        "bulwark.edge.requests{outcome=admitted,route=default,status=404} 1.0",
        "bulwark.edge.requests{outcome=admitted,route=llm,status=200} 1.0",
        "bulwark.edge.requests{outcome=admitted,route=llm,status=503} 1.0",
        "bulwark.edge.requests{outcome=admitted,route=search,status=200} 2.0",
        "bulwark.edge.requests{outcome=cancelled,route=default,status=none} 1.0",
        "bulwark.edge.requests{outcome=circuit_breaker,route=llm,status=503} 1.0",
        "bulwark.edge.requests{outcome=failed,route=default,status=500} 1.0",
        "bulwark.edge.requests{outcome=rate_limit,route=search,status=429} 1.0",
        "bulwark.edge.requests{outcome=validation,route=search,status=400} 1.0",
        // complete(status) reports no response size; a refusal's is its problem body
        "bulwark.edge.response.size{outcome=admitted,route=default} count=0 total=0",
        "bulwark.edge.response.size{outcome=admitted,route=llm} count=0 total=0",
        "bulwark.edge.response.size{outcome=admitted,route=search} count=0 total=0",
        "bulwark.edge.response.size{outcome=cancelled,route=default} count=1 total=0",
        "bulwark.edge.response.size{outcome=circuit_breaker,route=llm} count=1 total=178",
        "bulwark.edge.response.size{outcome=failed,route=default} count=0 total=0",
        "bulwark.edge.response.size{outcome=rate_limit,route=search} count=1 total=160",
        "bulwark.edge.response.size{outcome=validation,route=search} count=1 total=404",
        "bulwark.ratelimit.decisions{name=search,result=permitted} 3.0",
        "bulwark.ratelimit.decisions{name=search,result=rejected} 1.0",
        "bulwark.ratelimit.keys{name=search} 2.0",
        "bulwark.validation.violations{code=sql_injection} 1.0",
        "bulwark.validation.violations{code=xss} 1.0");
  }

  @Test
  void requestsBeforeBindingAreCountedAndLaterCombinationsReachEveryBoundRegistry() {
    Edge edge = edge();
    edge.begin(TestRequest.get("/api/search?q=hello")).complete(200);
    SimpleMeterRegistry other = new SimpleMeterRegistry();
    EdgeBinder binder = EdgeBinder.of(edge, metrics);
    binder.bindTo(registry);
    binder.bindTo(registry); // harmless
    binder.bindTo(other);
    edge.begin(TestRequest.get("/api/search?q=hello")).complete(200);
    edge.begin(TestRequest.get("/api/search?q=hello")); // 429
    edge.begin(TestRequest.get("/api/search?q=%00").from("10.0.0.2"));

    for (SimpleMeterRegistry r : new SimpleMeterRegistry[] {registry, other}) {
      assertThat(MeterLines.render(r, MetricNames.EDGE_REQUESTS)).containsExactly(
          "bulwark.edge.requests{outcome=admitted,route=search,status=200} 2.0",
          "bulwark.edge.requests{outcome=rate_limit,route=search,status=429} 1.0",
          "bulwark.edge.requests{outcome=validation,route=search,status=400} 1.0");
      assertThat(MeterLines.render(r, MetricNames.VALIDATION_VIOLATIONS))
          .containsExactly("bulwark.validation.violations{code=control_character} 1.0");
    }
  }

  @Test
  void extraTagsGoOnEveryMeter() {
    Edge edge = edge();
    EdgeBinder.of(edge, metrics).withTags(Tags.of("app", "shop")).bindTo(registry);
    edge.begin(TestRequest.get("/api/search?q=hello")).complete(200);

    assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTag("app")).isEqualTo("shop"));
    assertThat(MeterLines.render(registry, MetricNames.EDGE_REQUESTS))
        .containsExactly("bulwark.edge.requests{app=shop,outcome=admitted,route=search,status=200} 1.0");
    assertThat(MeterLines.render(registry, MetricNames.CONCURRENCY_LIMIT))
        .containsExactly("bulwark.concurrency.limit{app=shop,name=llm} 4.0");
  }

  @Test
  void aLimiterSharedByRoutesIsBoundOnce() {
    KeyedRateLimiter<String> shared =
        KeyedRateLimiter.builder(RateLimit.perMinute(10)).name("shared").ticker(ticker).recordStats().build();
    Edge edge = Edge.builder().ticker(ticker).listener(metrics)
        .route(Route.builder("/a").name("a").rateLimit(RateLimitGate.of(shared)).build())
        .route(Route.builder("/b").name("b").rateLimit(RateLimitGate.of(shared)).build())
        .build();
    EdgeBinder.of(edge, metrics).bindTo(registry);
    edge.begin(TestRequest.get("/a")).complete(200);
    edge.begin(TestRequest.get("/b")).complete(204);

    assertThat(MeterLines.render(registry)).containsExactly(
        "bulwark.edge.request.duration{outcome=admitted,route=a} count=1 total=0ms",
        "bulwark.edge.request.duration{outcome=admitted,route=b} count=1 total=0ms",
        "bulwark.edge.request.size{outcome=admitted,route=a} count=1 total=0",
        "bulwark.edge.request.size{outcome=admitted,route=b} count=1 total=0",
        "bulwark.edge.requests{outcome=admitted,route=a,status=200} 1.0",
        "bulwark.edge.requests{outcome=admitted,route=b,status=204} 1.0",
        "bulwark.edge.response.size{outcome=admitted,route=a} count=0 total=0",
        "bulwark.edge.response.size{outcome=admitted,route=b} count=0 total=0",
        "bulwark.ratelimit.decisions{name=shared,result=permitted} 2.0",
        "bulwark.ratelimit.decisions{name=shared,result=rejected} 0.0",
        "bulwark.ratelimit.keys{name=shared} 1.0");
  }

  @Test
  void theListenerCountsEvenWithoutAnEdge() {
    metrics.onEvent(EdgeAllocationTest.finished("r", 200));
    metrics.onEvent(new EdgeEvent.ViolationFound("r", "10.0.0.1", "10.0.0.1", "GET", "/r", Violation.Code.XSS, "q"));
    Edge edge = Edge.builder().listener(metrics).build();
    EdgeBinder.of(edge, metrics).bindTo(registry);
    assertThat(MeterLines.render(registry)).containsExactly( // counted before binding, not timed
        "bulwark.edge.request.duration{outcome=admitted,route=r} count=0 total=0ms",
        "bulwark.edge.request.size{outcome=admitted,route=r} count=0 total=0",
        "bulwark.edge.requests{outcome=admitted,route=r,status=200} 1.0",
        "bulwark.edge.response.size{outcome=admitted,route=r} count=0 total=0",
        "bulwark.validation.violations{code=xss} 1.0");
  }

  @Test
  void theBinderRejectsNulls() {
    Edge edge = edge();
    assertThatThrownBy(() -> EdgeBinder.of((Edge) null, metrics)).isInstanceOf(NullPointerException.class).hasMessage("edge");
    assertThatThrownBy(() -> EdgeBinder.of(edge, null)).isInstanceOf(NullPointerException.class).hasMessage("metrics");
    assertThatThrownBy(() -> EdgeBinder.of(edge, metrics).withTags(null)).hasMessage("tags");
    assertThatThrownBy(() -> EdgeBinder.of(edge, metrics).bindTo(null)).hasMessage("registry");
  }
}
