package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.HierarchicalRateLimiter.Decision;
import dev.bulwark.ratelimit.HierarchicalRateLimiter.Level;
import dev.bulwark.testalloc.Allocations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** The in-memory hierarchical limiter's per-level statistics: what counts where, exactly. */
class HierarchyCountsTest {

  private final ManualTicker ticker = new ManualTicker();

  private HierarchicalRateLimiter<String> limiter() {
    return HierarchicalRateLimiter.builder()
        .name("api")
        .global(RateLimit.perSecond(3))
        .perClient(RateLimit.perSecond(2))
        .route("chat", RateLimit.perSecond(1))
        .ticker(ticker)
        .recordStats()
        .build();
  }

  @Test
  void aGrantCountsOnItsClientLevelAndAsPassingTheGlobalOneAndARefusalOnTheLevelThatRefused() {
    HierarchicalRateLimiter<String> limiter = limiter();
    HierarchyCounts counts = limiter.stats().orElseThrow();
    LevelCounts global = counts.level("api.global").orElseThrow();
    LevelCounts client = counts.level("api.client").orElseThrow();
    LevelCounts chat = counts.level("api.route.chat").orElseThrow();

    assertThat(limiter.tryAcquire("chat", "a")).isTrue();
    assertThat(limiter.tryAcquire("chat", "a")).isFalse(); // the route level refuses
    assertThat(limiter.tryAcquire("search", "a")).isTrue();
    assertThat(limiter.tryAcquireDecision("search", "b", 1).allowed()).isTrue();
    assertThat(limiter.tryAcquire("search", "c")).isFalse(); // the global level refuses
    Decision refusedGlobally = limiter.tryAcquireDecision("search", "a", 1);
    assertThat(refusedGlobally.level()).isEqualTo(Level.GLOBAL);
    assertThat(refusedGlobally.allowed()).isFalse();

    assertThat(chat.permitted()).isEqualTo(1);
    assertThat(chat.rejected()).isEqualTo(1);
    assertThat(client.permitted()).as("a grant the global level refused is not the client level's").isEqualTo(2);
    assertThat(client.rejected()).isZero();
    assertThat(global.permitted()).as("every granted request passed the global level").isEqualTo(3);
    assertThat(global.rejected()).isEqualTo(2);

    ticker.advance(Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire("search", "a")).isTrue();
    assertThat(limiter.tryAcquire("search", "a")).isTrue();
    assertThat(limiter.tryAcquireDecision("search", "a", 1).level()).isEqualTo(Level.CLIENT); // refused there

    assertThat(client.permitted()).isEqualTo(4);
    assertThat(client.rejected()).isEqualTo(1);
    assertThat(global.permitted()).isEqualTo(5);
    assertThat(global.rejected()).isEqualTo(2);
    assertThat(counts.permitted()).isEqualTo(5);
    assertThat(counts.rejected()).isEqualTo(4);
    assertThat(counts).hasToString("DecisionCounts[permitted=5, rejected=4]");
    assertThat(chat).hasToString("LevelCounts[api.route.chat, permitted=1, rejected=1]");
  }

  @Test
  void levelsAreListedGlobalClientThenRoutesInTheOrderGivenWithTheirLimits() {
    HierarchicalRateLimiter<String> limiter = HierarchicalRateLimiter.builder()
        .name("gw")
        .perClient(RateLimit.perMinute(100), RateLimit.perHour(1000))
        .route("zeta", RateLimit.perMinute(5))
        .route("alpha", RateLimit.perMinute(7))
        .global(RateLimit.perMinute(1000))
        .ticker(ticker)
        .recordStats()
        .build();
    HierarchyCounts counts = limiter.stats().orElseThrow();

    assertThat(counts.levels()).extracting(LevelCounts::name)
        .containsExactly("gw.global", "gw.client", "gw.route.zeta", "gw.route.alpha");
    assertThat(counts.levels()).extracting(LevelCounts::level)
        .containsExactly(Level.GLOBAL, Level.CLIENT, Level.ROUTE, Level.ROUTE);
    assertThat(counts.levels()).extracting(l -> l.route().orElse(null))
        .containsExactly(null, null, "zeta", "alpha");
    assertThat(counts.levels()).extracting(LevelCounts::limits).containsExactly(
        List.of(RateLimit.perMinute(1000)),
        List.of(RateLimit.perMinute(100), RateLimit.perHour(1000)),
        List.of(RateLimit.perMinute(5)),
        List.of(RateLimit.perMinute(7)));
    assertThat(counts.levels()).isSameAs(counts.levels());
    assertThat(counts.level("gw.route.beta")).isEmpty();
    assertThatThrownBy(() -> counts.level(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> counts.levels().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void withoutAGlobalLevelTheClientLevelsAreAllThereIs() {
    HierarchicalRateLimiter<String> limiter = HierarchicalRateLimiter.builder()
        .name("solo")
        .perClient(RateLimit.perSecond(1))
        .route("chat", RateLimit.perSecond(1))
        .ticker(ticker)
        .recordStats()
        .build();
    HierarchyCounts counts = limiter.stats().orElseThrow();
    limiter.tryAcquire("chat", "a");
    limiter.tryAcquire("chat", "a");
    limiter.tryAcquire("other", "a");

    assertThat(counts.levels()).extracting(LevelCounts::name).containsExactly("solo.client", "solo.route.chat");
    assertThat(counts.level("solo.client").orElseThrow().permitted()).isEqualTo(1);
    assertThat(counts.level("solo.route.chat").orElseThrow().permitted()).isEqualTo(1);
    assertThat(counts.level("solo.route.chat").orElseThrow().rejected()).isEqualTo(1);
    assertThat(counts.permitted()).isEqualTo(2);
    assertThat(counts.rejected()).isEqualTo(1);
  }

  @Test
  void countingPerLevelAllocatesNothingPerDecision() {
    HierarchicalRateLimiter<String> limiter = limiter();
    HierarchyCounts counts = limiter.stats().orElseThrow();
    String[] clients = {"a", "b", "c"};
    Runnable decisions = () -> {
      for (int i = 0; i < 200_000; i++) {
        limiter.tryAcquire((i & 1) == 0 ? "chat" : "search", clients[i % 3]);
        if ((i & 0xFF) == 0) {
          ticker.advanceNanos(1_000_000);
        }
      }
    };
    decisions.run(); // creates the buckets and lets the JIT compile the path
    long before = Allocations.ofCurrentThread();
    decisions.run();
    assertThat(Allocations.ofCurrentThread() - before).isLessThan(64 * 1024);
    assertThat(counts.permitted() + counts.rejected()).isEqualTo(400_000);
    for (LevelCounts level : counts.levels()) {
      assertThat(level.rejected()).as(level.name()).isPositive();
      assertThat(level.permitted()).as(level.name()).isPositive();
    }
  }

  @Test
  void manyThreadsCountEveryDecisionExactlyOnceOnTheLevelItsEventNames() throws Exception {
    Map<String, LongAdder> permittedEvents = new ConcurrentHashMap<>();
    Map<String, LongAdder> rejectedEvents = new ConcurrentHashMap<>();
    HierarchicalRateLimiter<String> limiter = HierarchicalRateLimiter.builder()
        .name("api")
        .global(RateLimit.perSecond(10_000))
        .perClient(RateLimit.perSecond(300))
        .route("chat", RateLimit.perSecond(100))
        .route("auth", RateLimit.perSecond(50))
        .ticker(ticker)
        .listener(event -> (event instanceof RateLimiterEvent.Permitted ? permittedEvents : rejectedEvents)
            .computeIfAbsent(event.limiterName(), n -> new LongAdder()).increment())
        .recordStats()
        .build();
    HierarchyCounts counts = limiter.stats().orElseThrow();
    int threads = 8;
    int perThread = 20_000;
    String[] routes = {"auth", "search", "home"};
    CyclicBarrier halfway = new CyclicBarrier(threads);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<long[]>> tallies = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        tallies.add(pool.submit(() -> {
          // granted; refused by a client level; refused by the global level
          long[] tally = new long[3];
          start.await();
          // First 4 clients' chat levels run dry (at most 400 grants, far below the global limit),
          // then 40 other clients exhaust the global level: both kinds of refusal, whatever the
          // interleaving.
          for (int i = 0; i < perThread; i++) {
            if (i == perThread / 10) {
              halfway.await();
            }
            Decision d = i < perThread / 10
                ? limiter.tryAcquireDecision("chat", "hot-" + ((i + seed) % 4), 1)
                : limiter.tryAcquireDecision(routes[(i + seed) % 3], "client-" + ((i * 7 + seed) % 40), 1);
            if (d.allowed()) {
              tally[0]++;
            } else if (d.level() == Level.GLOBAL) {
              tally[2]++;
            } else {
              tally[1]++;
            }
          }
          return tally;
        }));
      }
      start.countDown();
      long granted = 0;
      long refusedByClients = 0;
      long refusedGlobally = 0;
      for (Future<long[]> f : tallies) {
        long[] tally = f.get();
        granted += tally[0];
        refusedByClients += tally[1];
        refusedGlobally += tally[2];
      }
      assertThat(granted + refusedByClients + refusedGlobally).isEqualTo((long) threads * perThread);
      assertThat(counts.permitted()).isEqualTo(granted);
      assertThat(counts.rejected()).isEqualTo(refusedByClients + refusedGlobally);
      LevelCounts global = counts.level("api.global").orElseThrow();
      assertThat(global.permitted()).isEqualTo(granted);
      assertThat(global.rejected()).isEqualTo(refusedGlobally);
      long clientRejected = 0;
      for (LevelCounts level : counts.levels()) {
        assertThat(level.permitted()).as(level.name()).isEqualTo(level.level() == Level.GLOBAL
            ? granted : sum(permittedEvents, level.name()));
        assertThat(level.rejected()).as(level.name()).isEqualTo(sum(rejectedEvents, level.name()));
        if (level.level() != Level.GLOBAL) {
          clientRejected += level.rejected();
        }
      }
      assertThat(clientRejected).isEqualTo(refusedByClients);
      assertThat(refusedByClients).as("the client levels refused some").isPositive();
      assertThat(refusedGlobally).as("the global level refused some").isPositive();
    } finally {
      pool.shutdownNow();
    }
  }

  private static long sum(Map<String, LongAdder> events, String level) {
    LongAdder adder = events.get(level);
    return adder == null ? 0 : adder.sum();
  }

  @Test
  void aLimiterBuiltWithoutStatisticsHasNoLevelCounts() {
    HierarchicalRateLimiter<String> limiter =
        HierarchicalRateLimiter.builder().perClient(RateLimit.perSecond(1)).ticker(ticker).build();
    limiter.tryAcquire("r", "a");
    assertThat(limiter.stats()).isEmpty();
  }
}
