package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.contract.FakeRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Liveness and readiness: which components each report holds, and what makes it DOWN. */
class HealthProbesTest {

  private final ManualTicker ticker = new ManualTicker();
  private final AtomicBoolean draining = new AtomicBoolean();

  private Edge edge() {
    return Edge.builder().ticker(ticker)
        .route(Route.builder("/api/llm").name("llm").circuitBreaker(opensOnFirstFailure()).build())
        .route(Route.builder("/api/recs").name("recs").circuitBreaker(opensOnFirstFailure()).build())
        .route(Route.builder("/plain").name("plain").build())
        .build();
  }

  private static BreakerGate opensOnFirstFailure() {
    return BreakerGate.of(CircuitBreakerConfig.builder()
        .trip(TripStrategy.consecutiveFailures(1)).openDuration(Backoff.fixed(Duration.ofSeconds(30))).build());
  }

  private static void trip(Edge edge, String path) {
    EdgeExchange e = edge.begin(FakeRequest.get(path));
    assertThat(e.admitted()).isTrue();
    e.complete(500);
  }

  @Test
  void aCriticalOpenBreakerMakesReadinessDownAndAnotherOnlyDegradedWhileLivenessStaysUp() {
    Edge edge = edge();
    EdgeHealth health = EdgeHealth.builder(edge).critical("llm").build();

    trip(edge, "/api/recs");
    assertThat(health.readiness().status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(health.readiness().httpStatus()).isEqualTo(200);
    assertThat(health.readiness().components().get("breaker:recs").details())
        .isEqualTo(Map.of("state", "open", "remaining_open_ms", 30_000L, "critical", false));

    trip(edge, "/api/llm");
    HealthReport ready = health.readiness();
    assertThat(ready.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(ready.httpStatus()).isEqualTo(503);
    assertThat(ready.toJson()).isEqualTo("{\"status\":\"DOWN\",\"components\":{"
        + "\"breaker:llm\":{\"status\":\"DOWN\",\"details\":{\"critical\":true,\"remaining_open_ms\":30000,\"state\":\"open\"}},"
        + "\"breaker:recs\":{\"status\":\"DEGRADED\",\"details\":{\"critical\":false,\"remaining_open_ms\":30000,\"state\":\"open\"}}}}");
    assertThat(health.liveness().toJson()).isEqualTo("{\"status\":\"UP\",\"components\":{}}");
    assertThat(health.report().status()).isEqualTo(HealthStatus.DOWN); // the full report is as before
  }

  @Test
  void drainingMakesReadinessDownAtOnceAndLivenessNever() {
    EdgeHealth health = EdgeHealth.builder(edge()).drain(draining::get).build();

    assertThat(health.readiness().components().get("drain"))
        .isEqualTo(new HealthComponent(HealthStatus.UP, Map.of("draining", false)));
    draining.set(true);
    assertThat(health.readiness().status()).isEqualTo(HealthStatus.DOWN);
    assertThat(health.readiness().components().get("drain"))
        .isEqualTo(new HealthComponent(HealthStatus.DOWN, Map.of("draining", true)));
    assertThat(health.report().status()).isEqualTo(HealthStatus.DOWN);
    assertThat(health.liveness().status()).isEqualTo(HealthStatus.UP);
    assertThat(health.toString()).isEqualTo("EdgeHealth[breaker:llm, breaker:recs, drain]");
  }

  @Test
  void aDrainSignalNeverHidesTheEdgesOwnDrain() throws InterruptedException {
    Edge edge = edge();
    EdgeHealth health = EdgeHealth.builder(edge).drain(draining::get).build();
    assertThat(health.readiness().components().get("drain"))
        .isEqualTo(new HealthComponent(HealthStatus.UP, Map.of("draining", false)));

    assertThat(edge.drain(Duration.ZERO).drained()).isTrue(); // the signal stays false

    assertThat(health.readiness().status()).isEqualTo(HealthStatus.DOWN);
    assertThat(health.readiness().components().get("drain"))
        .isEqualTo(new HealthComponent(HealthStatus.DOWN, Map.of("draining", true)));
    assertThat(health.report().status()).isEqualTo(HealthStatus.DOWN);
    assertThat(health.liveness().status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void anEdgeThatDrainsMakesReadinessDownWithoutADrainSupplier() throws InterruptedException {
    Edge edge = edge();
    EdgeHealth health = EdgeHealth.builder(edge).build();
    assertThat(health.readiness().components()).doesNotContainKey("drain");
    assertThat(health.readiness().status()).isEqualTo(HealthStatus.UP);

    assertThat(edge.drain(Duration.ZERO).drained()).isTrue(); // nothing in flight

    assertThat(health.readiness().status()).isEqualTo(HealthStatus.DOWN);
    assertThat(health.readiness().components().get("drain"))
        .isEqualTo(new HealthComponent(HealthStatus.DOWN, Map.of("draining", true)));
    assertThat(health.liveness().status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void livenessHoldsOnlyLivenessContributorsAndReadinessOnlyTheOthers() {
    AtomicBoolean broken = new AtomicBoolean();
    EdgeHealth health = EdgeHealth.builder(edge())
        .livenessContributor("workers", () -> new HealthComponent(
            broken.get() ? HealthStatus.DOWN : HealthStatus.UP, Map.of("deadlocked", broken.get())))
        .contributor("db", () -> new HealthComponent(HealthStatus.DOWN, Map.of()))
        .build();

    assertThat(health.liveness().components()).containsOnlyKeys("workers");
    assertThat(health.liveness().status()).isEqualTo(HealthStatus.UP);
    assertThat(health.readiness().components()).containsOnlyKeys("breaker:llm", "breaker:recs", "db");
    assertThat(health.readiness().status()).isEqualTo(HealthStatus.DOWN);
    assertThat(health.report().components()).containsOnlyKeys("breaker:llm", "breaker:recs", "db", "workers");
    broken.set(true);
    assertThat(health.liveness().httpStatus()).isEqualTo(503);
  }

  @Test
  void outboundBreakersAreComponentsAndCriticalOnesGateReadiness() {
    ManualTicker t = new ManualTicker();
    CircuitBreaker payments = CircuitBreaker.builder("payments").ticker(t).build();
    CircuitBreaker avatars = CircuitBreaker.builder("avatars").ticker(t).build();
    EdgeHealth health = EdgeHealth.builder(Edge.builder().build())
        .outboundBreaker(payments, true).outboundBreaker(avatars, false).build();

    assertThat(health.readiness().components()).containsOnlyKeys("outbound:payments", "outbound:avatars");
    payments.forceOpen();
    assertThat(health.readiness().status()).isEqualTo(HealthStatus.DOWN);
    payments.reset();
    avatars.forceOpen();
    assertThat(health.readiness().status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(health.report().components().get("outbound:avatars").status()).isEqualTo(HealthStatus.DOWN);
  }

  @Test
  void badSettingsAreRefused() {
    EdgeHealth.Builder b = EdgeHealth.builder(edge());
    assertThatThrownBy(() -> b.critical("plain")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("plain").hasMessageContaining("[llm, recs]");
    assertThatThrownBy(() -> b.critical("nope")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.contributor("drain", () -> null)).isInstanceOf(IllegalArgumentException.class);
    b.livenessContributor("x", () -> new HealthComponent(HealthStatus.UP, Map.of()));
    assertThatThrownBy(() -> b.contributor("x", () -> null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.livenessContributor(" ", () -> null)).isInstanceOf(IllegalArgumentException.class);
    b.drain(() -> false);
    assertThatThrownBy(() -> b.drain(() -> true)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.outboundBreaker(null, true)).isInstanceOf(NullPointerException.class);
  }
}
