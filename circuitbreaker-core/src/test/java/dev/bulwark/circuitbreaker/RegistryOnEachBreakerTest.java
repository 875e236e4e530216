package dev.bulwark.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link CircuitBreakerRegistry#onEachBreaker}: every breaker, existing or later, exactly once. */
class RegistryOnEachBreakerTest {

  private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();

  @Test
  void runsForExistingBreakersInNameOrderThenForEachNewOneBeforeItIsPublished() {
    registry.breaker("b");
    registry.breaker("a");
    List<String> seen = new ArrayList<>();
    registry.onEachBreaker(b -> seen.add(b.name() + (registry.find(b.name()).isPresent() ? " published" : " unpublished")));
    assertThat(seen).containsExactly("a published", "b published");

    CircuitBreaker c = registry.breaker("c");
    registry.breaker("c");
    registry.breaker("a");
    assertThat(seen).containsExactly("a published", "b published", "c unpublished");
    assertThat(registry.find("c")).containsSame(c);
  }

  @Test
  void aThrowingActionDoesNotPreventCreationNorTheOtherActions() {
    List<String> seen = new ArrayList<>();
    registry.onEachBreaker(
        b -> {
          throw new IllegalStateException("action bug");
        });
    registry.onEachBreaker(b -> seen.add(b.name()));
    assertThat(registry.breaker("x").name()).isEqualTo("x");
    assertThat(seen).containsExactly("x");
  }

  @Test
  void anActionMayCreateOtherBreakers() {
    registry.onEachBreaker(
        b -> {
          if (!b.name().endsWith("-shadow")) {
            registry.breaker(b.name() + "-shadow");
          }
        });
    registry.breaker("db");
    assertThat(registry.breakers()).extracting(CircuitBreaker::name).containsExactly("db", "db-shadow");
  }

  @Test
  void everyBreakerIsSeenExactlyOnceWhileBreakersAreCreatedConcurrently() throws Exception {
    int threads = 4;
    int perThread = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Map<String, Integer> seen = Collections.synchronizedMap(new HashMap<>());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> creators = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        creators.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    registry.breaker("b" + ((i * threads + thread) % (perThread * threads / 2)));
                  }
                  return null;
                }));
      }
      start.countDown();
      registry.onEachBreaker(b -> seen.merge(b.name(), 1, Integer::sum));
      for (Future<?> creator : creators) {
        creator.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(seen).hasSize(registry.breakers().size());
    assertThat(seen.values()).containsOnly(1);
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> registry.onEachBreaker(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("action");
  }
}
