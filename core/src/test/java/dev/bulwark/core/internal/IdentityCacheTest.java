package dev.bulwark.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class IdentityCacheTest {

  /** A key whose equals says every instance is the same: the cache must not care. */
  private static final class Key {
    final int id;

    Key(int id) {
      this.id = id;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key;
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }

  @Test
  void computesOncePerInstanceAndComparesByIdentity() {
    AtomicInteger computed = new AtomicInteger();
    IdentityCache<Key, String> cache = new IdentityCache<>(k -> "v" + k.id + "#" + computed.incrementAndGet(), 8);
    Key a = new Key(1);
    Key b = new Key(2);
    assertThat(cache.get(a)).isEqualTo("v1#1");
    assertThat(cache.get(a)).isEqualTo("v1#1");
    assertThat(cache.get(b)).isEqualTo("v2#2");
    assertThat(cache.get(a)).isEqualTo("v1#1");
    assertThat(computed).hasValue(2);
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void startsOverWhenFullSoMemoryStaysBounded() {
    AtomicInteger computed = new AtomicInteger();
    IdentityCache<Key, Integer> cache = new IdentityCache<>(k -> computed.incrementAndGet(), 3);
    List<Key> keys = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      keys.add(new Key(i));
      cache.get(keys.get(i));
    }
    assertThat(cache.size()).isEqualTo(3);
    Key fourth = new Key(3);
    assertThat(cache.get(fourth)).isEqualTo(4);
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.get(fourth)).isEqualTo(4);
    assertThat(cache.get(keys.get(0))).isEqualTo(5); // dropped when the cache started over
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void refusesBadArguments() {
    assertThatThrownBy(() -> new IdentityCache<>(k -> k, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEntries");
    IdentityCache<Object, Object> cache = new IdentityCache<>(k -> k, 1);
    assertThatThrownBy(() -> cache.get(null)).isInstanceOf(NullPointerException.class);
    IdentityCache<Object, Object> nulls = new IdentityCache<>(k -> null, 1);
    assertThatThrownBy(() -> nulls.get("x")).isInstanceOf(NullPointerException.class);
  }

  @Test
  void manyThreadsAlwaysGetTheValueOfTheirOwnKeyAndEachKeyIsComputedOnce() throws Exception {
    int keysCount = 40;
    List<Key> keys = new ArrayList<>();
    for (int i = 0; i < keysCount; i++) {
      keys.add(new Key(i));
    }
    ConcurrentHashMap<Integer, AtomicInteger> computations = new ConcurrentHashMap<>();
    IdentityCache<Key, Integer> cache = new IdentityCache<>(k -> {
      computations.computeIfAbsent(k.id, i -> new AtomicInteger()).incrementAndGet();
      return k.id;
    }, keysCount);
    assertEveryThreadGetsItsKeysValue(200_000, n -> keys.get(n % keysCount), k -> cache.get(k) == k.id);
    assertThat(computations).hasSize(keysCount);
    assertThat(computations.values()).allSatisfy(c -> assertThat(c).hasValue(1));
  }

  /**
   * The entry checked before the table (the one added last) changes no answer: on random reads
   * the cache returns what a model of the table alone returns (the value computed when the key was
   * last added, starting over when full), and computes exactly as often.
   */
  @Test
  void answersAsTheTableAloneWouldOnRandomReads() {
    SplittableRandom random = new SplittableRandom(24);
    for (int round = 0; round < 200; round++) {
      int maxEntries = 1 + random.nextInt(6);
      List<Key> keys = new ArrayList<>();
      for (int i = 0; i < 1 + random.nextInt(10); i++) {
        keys.add(new Key(i));
      }
      AtomicInteger computed = new AtomicInteger();
      IdentityCache<Key, Integer> cache = new IdentityCache<>(k -> computed.incrementAndGet(), maxEntries);
      IdentityHashMap<Key, Integer> model = new IdentityHashMap<>();
      int modelComputed = 0;
      for (int n = 0; n < 500; n++) {
        Key k = keys.get(random.nextInt(random.nextBoolean() ? 1 : keys.size()));
        Integer expected = model.get(k);
        if (expected == null) {
          if (model.size() >= maxEntries) {
            model.clear();
          }
          expected = ++modelComputed;
          model.put(k, expected);
        }
        assertThat(cache.get(k)).as("round %s read %s", round, n).isEqualTo(expected);
        assertThat(cache.size()).isEqualTo(model.size());
      }
      assertThat(computed).hasValue(modelComputed);
    }
  }

  /**
   * Many threads reading more keys than the cache holds, so that it starts over again and again and
   * the last-added entry keeps changing: every answer is a value computed for the key asked.
   */
  @Test
  void manyThreadsGetTheirOwnKeysValueWhileTheCacheKeepsStartingOver() throws Exception {
    int keysCount = 8;
    List<Key> keys = new ArrayList<>();
    for (int i = 0; i < keysCount; i++) {
      keys.add(new Key(i));
    }
    AtomicInteger computed = new AtomicInteger();
    IdentityCache<Key, Long> cache = new IdentityCache<>(
        k -> k.id * 1_000_000_000L + computed.incrementAndGet(), 3);
    assertEveryThreadGetsItsKeysValue(
        100_000, n -> keys.get(n % keysCount), k -> cache.get(k) / 1_000_000_000L == k.id);
    assertThat(computed.get()).isGreaterThan(keysCount); // it did start over
    assertThat(cache.size()).isBetween(1, 3);
  }

  /**
   * Runs eight threads, each reading {@code reads} keys ({@code key} of a counter that starts at the
   * thread's index and steps by 7), and asserts that {@code answersRight} held for every read.
   */
  private static void assertEveryThreadGetsItsKeysValue(
      int reads, IntFunction<Key> key, Predicate<Key> answersRight) throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> wrong = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int offset = t;
        wrong.add(pool.submit(() -> {
          start.await();
          int bad = 0;
          for (int n = 0; n < reads; n++) {
            if (!answersRight.test(key.apply(n * 7 + offset))) {
              bad++;
            }
          }
          return bad;
        }));
      }
      start.countDown();
      for (Future<Integer> f : wrong) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
