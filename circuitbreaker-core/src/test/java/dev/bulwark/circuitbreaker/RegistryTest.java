package dev.bulwark.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RegistryTest {

  private final ManualTicker ticker = new ManualTicker();
  private final List<String> events = new ArrayList<>();
  private final CircuitBreakerConfig search =
      CircuitBreakerConfig.builder()
          .trip(TripStrategy.failureRate(50, SlidingWindow.ofTime(Duration.ofSeconds(60))).minimumCalls(20))
          .build();
  private final CircuitBreakerConfig strict = CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(1)).build();
  private final CircuitBreakerRegistry registry =
      CircuitBreakerRegistry.builder()
          .defaultConfig(strict)
          .config("search", search)
          .ticker(ticker)
          .listener(e -> events.add(e.breakerName() + " " + e.getClass().getSimpleName()))
          .build();

  @Test
  void createsBreakersOnFirstUseFromTheDefaultOrANamedConfig() {
    CircuitBreaker llm = registry.breaker("llm");
    CircuitBreaker es = registry.breaker("elasticsearch", "search");
    assertThat(registry.breaker("llm")).isSameAs(llm);
    assertThat(registry.breaker("elasticsearch", "search")).isSameAs(es);
    assertThat(registry.breaker("elasticsearch")).isSameAs(es); // get-or-create: whatever its config
    assertThat(llm.config()).isSameAs(strict);
    assertThat(es.config()).isSameAs(search);
    assertThat(registry.breakers()).extracting(CircuitBreaker::name).containsExactly("elasticsearch", "llm");
    assertThat(registry.find("llm")).containsSame(llm);
    assertThat(registry.find("graph")).isEmpty();
    assertThat(registry.config("search")).containsSame(search);
    assertThat(registry.defaultConfig()).isSameAs(strict);
  }

  @Test
  void breakersShareTheRegistrysTickerAndListeners() {
    CircuitBreaker llm = registry.breaker("llm");
    Mode.SYNC.fail(llm, ticker);
    assertThat(llm.state()).isEqualTo(CircuitState.OPEN);
    ticker.advance(Duration.ofSeconds(60));
    assertThat(Mode.SYNC.succeed(llm, ticker)).isEqualTo("ok:fine");
    assertThat(events)
        .containsExactly(
            "llm CallPermitted",
            "llm CallFailed",
            "llm StateTransition",
            "llm StateTransition",
            "llm CallPermitted",
            "llm CallSucceeded",
            "llm StateTransition");
  }

  @Test
  void refusesAnUnknownConfigNameAndAConflictingConfig() {
    registry.breaker("llm");
    assertThatThrownBy(() -> registry.breaker("x", "nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("configName must be one of [search] but was 'nope'");
    assertThatThrownBy(() -> registry.breaker("llm", "search"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("circuit breaker 'llm' already exists with CircuitBreakerConfig[consecutiveFailures=1");
    assertThatThrownBy(() -> registry.breaker(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> registry.breaker(null)).isInstanceOf(NullPointerException.class).hasMessage("name");
  }

  @Test
  void builderRulesAreEnforced() {
    CircuitBreakerRegistry.Builder b = CircuitBreakerRegistry.builder().config("a", strict).defaultConfig(strict);
    assertThatThrownBy(() -> b.config("a", search))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("config 'a' was already set to");
    assertThatThrownBy(() -> b.defaultConfig(search)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.config(" ", search)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.listener(null)).isInstanceOf(NullPointerException.class).hasMessage("listener");
    assertThat(CircuitBreakerRegistry.ofDefaults().breaker("d").config()).isSameAs(CircuitBreakerConfig.defaults());
  }

  @Test
  void concurrentFirstUseCreatesExactlyOneBreaker() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<CircuitBreaker>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return registry.breaker("contended");
                }));
      }
      start.countDown();
      CircuitBreaker first = results.get(0).get(10, TimeUnit.SECONDS);
      for (Future<CircuitBreaker> f : results) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isSameAs(first);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
