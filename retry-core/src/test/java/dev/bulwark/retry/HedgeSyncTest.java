package dev.bulwark.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.CheckedSupplier;
import dev.bulwark.core.ManualScheduler;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.core.Pipeline;
import dev.bulwark.testalloc.Allocations;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The synchronous hedge on a manual clock: the primary attempt runs on a thread of the test's own,
 * the test drives the scheduler (sweeps and hedge timers run on the test's thread), and hedged
 * attempts are queued on a manual executor that the test runs when it chooses.
 */
class HedgeSyncTest {

  private static final long MS = 1_000_000L;

  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final Queue<Runnable> hedgedTasks = new ArrayDeque<>();
  private final Executor manualExecutor = task -> {
    synchronized (hedgedTasks) {
      hedgedTasks.add(task);
    }
  };
  private final List<HedgeEvent> events = new CopyOnWriteArrayList<>();
  private final AtomicInteger attempts = new AtomicInteger();

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  private HedgeBuilder builder() {
    return builder(HedgeDelay.fixed(Duration.ofMillis(100)), manualExecutor);
  }

  private HedgeBuilder builder(HedgeDelay delay, Executor executor) {
    return Hedge.builder()
        .name("search")
        .delay(delay)
        .ticker(ticker)
        .scheduler(scheduler)
        .executor(executor)
        .listener(events::add)
        .recordStats();
  }

  private int runHedgedTasks() {
    int n = 0;
    for (Runnable task = poll(); task != null; task = poll()) {
      task.run();
      n++;
    }
    return n;
  }

  private Runnable poll() {
    synchronized (hedgedTasks) {
      return hedgedTasks.poll();
    }
  }

  /** Starts a sync call on a new thread; completes with its result, or its exception. */
  private static <T> CompletableFuture<T> onThread(CheckedSupplier<T> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                T value = call.get();
                if (Thread.currentThread().isInterrupted()) {
                  result.completeExceptionally(new AssertionError("the hedge's interrupt leaked"));
                } else {
                  result.complete(value);
                }
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            });
    thread.setDaemon(true);
    thread.start();
    return result;
  }

  private static <T> T get(CompletableFuture<T> future) throws Exception {
    try {
      return future.get(10, TimeUnit.SECONDS); // a bound against a hang, not a timing assertion
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  /**
   * One {@code hedge.call} on a thread of its own whose first attempt (the primary) blocks until
   * the test completes {@link #release}: it then returns that value, or throws the very exception
   * or error {@code release} was completed with. Every later attempt (a hedge) runs
   * {@code hedgeAttempt}. The constructor returns once the primary is running.
   */
  private static final class BlockedPrimary {
    final CompletableFuture<String> release = new CompletableFuture<>();
    final AtomicInteger attempts = new AtomicInteger();
    final CompletableFuture<String> call;

    BlockedPrimary(Hedge hedge, CheckedSupplier<String> hedgeAttempt) throws InterruptedException {
      CountDownLatch started = new CountDownLatch(1);
      call =
          onThread(
              () ->
                  hedge.call(
                      () -> {
                        if (attempts.incrementAndGet() > 1) {
                          return hedgeAttempt.get();
                        }
                        started.countDown();
                        try {
                          return release.get();
                        } catch (ExecutionException e) {
                          if (e.getCause() instanceof Error error) {
                            throw error;
                          }
                          throw (Exception) e.getCause();
                        }
                      }));
      started.await();
    }

    BlockedPrimary(Hedge hedge) throws InterruptedException {
      this(hedge, () -> "hedge");
    }
  }

  @Test
  void theHedgeStartsAtTheDelayNotBeforeAndTheFirstSuccessWinsInterruptingThePrimary()
      throws Exception {
    Hedge hedge = builder().build();
    CountDownLatch primaryStarted = new CountDownLatch(1);
    CompletableFuture<Boolean> primaryInterrupted = new CompletableFuture<>();
    CompletableFuture<String> call =
        onThread(
            () ->
                hedge.call(
                    () -> {
                      if (attempts.incrementAndGet() == 1) {
                        primaryStarted.countDown();
                        try {
                          new CountDownLatch(1).await(); // blocks until interrupted
                        } catch (InterruptedException e) {
                          primaryInterrupted.complete(true);
                          throw e;
                        }
                      }
                      return "attempt " + attempts.get();
                    }));
    primaryStarted.await();
    scheduler.advanceNanos(99 * MS);
    assertThat(hedgedTasks).isEmpty();
    scheduler.advanceNanos(MS);
    assertThat(hedgedTasks).hasSize(1);
    assertThat(runHedgedTasks()).isEqualTo(1);
    assertThat(get(call)).isEqualTo("attempt 2");
    assertThat(get(primaryInterrupted)).isTrue();
    assertThat(events)
        .containsExactly(
            new HedgeEvent.Started("search", 2, Duration.ofMillis(100)),
            new HedgeEvent.Won("search", 2, 2));
    HedgeCounts stats = hedge.stats().orElseThrow();
    assertThat(stats.count(HedgeOutcome.HEDGE_WON)).isEqualTo(1);
    assertThat(stats.hedgesStarted()).isEqualTo(1);
  }

  @Test
  void aCallThatEndsBeforeTheDelayIsNeverHedged() throws Exception {
    Hedge hedge = builder().build();
    assertThat(hedge.call(() -> "fast")).isEqualTo("fast");
    assertThatThrownBy(() -> hedge.call(() -> { throw new IOException("fast failure"); }))
        .hasMessage("fast failure");
    scheduler.advance(Duration.ofSeconds(10));
    assertThat(hedgedTasks).isEmpty();
    assertThat(events).isEmpty();
    assertThat(hedge.stats().orElseThrow().count(HedgeOutcome.SUCCESS)).isEqualTo(1);
    assertThat(hedge.stats().orElseThrow().count(HedgeOutcome.FAILURE)).isEqualTo(1);
  }

  @Test
  void whenThePrimaryWinsTheQueuedHedgeIsCancelledAndNeverRuns() throws Exception {
    Hedge hedge = builder().build();
    BlockedPrimary primary = new BlockedPrimary(hedge);
    scheduler.advanceNanos(100 * MS);
    assertThat(hedgedTasks).hasSize(1);
    primary.release.complete("primary");
    assertThat(get(primary.call)).isEqualTo("primary");
    runHedgedTasks(); // the cancelled FutureTask does nothing
    assertThat(primary.attempts).hasValue(1);
    assertThat(events).contains(new HedgeEvent.Won("search", 1, 2));
    assertThat(hedge.stats().orElseThrow().count(HedgeOutcome.PRIMARY_WON)).isEqualTo(1);
  }

  @Test
  void aLosingHedgeThatIsRunningIsInterrupted() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
    try {
      Hedge hedge = builder(HedgeDelay.fixed(Duration.ofMillis(100)), pool).build();
      CountDownLatch hedgeStarted = new CountDownLatch(1);
      CompletableFuture<Boolean> hedgeInterrupted = new CompletableFuture<>();
      BlockedPrimary primary =
          new BlockedPrimary(
              hedge,
              () -> {
                hedgeStarted.countDown();
                try {
                  new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                  hedgeInterrupted.complete(true);
                  throw e;
                }
                return "hedge";
              });
      scheduler.advanceNanos(100 * MS);
      hedgeStarted.await();
      primary.release.complete("primary");
      assertThat(get(primary.call)).isEqualTo("primary");
      assertThat(get(hedgeInterrupted)).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void atMostMaxAttemptsStartOneDelayApart() throws Exception {
    Hedge hedge = builder().maxAttempts(3).build();
    BlockedPrimary primary = new BlockedPrimary(hedge);
    scheduler.advanceNanos(100 * MS);
    assertThat(hedgedTasks).hasSize(1);
    scheduler.advanceNanos(99 * MS);
    assertThat(hedgedTasks).hasSize(1);
    scheduler.advanceNanos(MS);
    assertThat(hedgedTasks).hasSize(2);
    scheduler.advance(Duration.ofSeconds(10));
    assertThat(hedgedTasks).hasSize(2); // 3 attempts in all, never a 4th
    assertThat(scheduler.pending()).isZero();
    primary.release.complete("primary");
    assertThat(get(primary.call)).isEqualTo("primary");
    assertThat(events)
        .containsExactly(
            new HedgeEvent.Started("search", 2, Duration.ofMillis(100)),
            new HedgeEvent.Started("search", 3, Duration.ofMillis(200)),
            new HedgeEvent.Won("search", 1, 3));
  }

  @Test
  void aSpentBudgetStopsHedging() throws Exception {
    RetryBudget budget = RetryBudget.tokenBucket(2, 0.1); // allows while tokens > 1
    Hedge hedge = builder().maxAttempts(3).budget(budget).build();
    BlockedPrimary primary = new BlockedPrimary(hedge);
    scheduler.advanceNanos(100 * MS); // 2 tokens: allowed, charged one
    scheduler.advanceNanos(100 * MS); // 1 token: refused
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(hedgedTasks).hasSize(1);
    assertThat(((TokenBucketRetryBudget) budget).tokens()).isEqualTo(1.0);
    primary.release.complete("primary");
    assertThat(get(primary.call)).isEqualTo("primary");
    assertThat(events)
        .containsExactly(
            new HedgeEvent.Started("search", 2, Duration.ofMillis(100)),
            new HedgeEvent.BudgetExhausted("search", 3),
            new HedgeEvent.Won("search", 1, 2));
    assertThat(hedge.stats().orElseThrow().budgetRefusals()).isEqualTo(1);
  }

  @Test
  void aBudgetThatRefusesAtOnceMeansNoHedgeAtAll() throws Exception {
    RetryBudget budget = RetryBudget.percentOfRequests(0, 0, Duration.ofSeconds(10), ticker);
    Hedge hedge = builder().budget(budget).build();
    BlockedPrimary primary = new BlockedPrimary(hedge);
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(hedgedTasks).isEmpty();
    primary.release.complete("primary");
    assertThat(get(primary.call)).isEqualTo("primary");
    assertThat(events).containsExactly(
        new HedgeEvent.BudgetExhausted("search", 2), new HedgeEvent.Won("search", 1, 1));
  }

  @Test
  void whenEveryAttemptFailsThePrimarysExceptionIsThrownWithTheOthersSuppressed()
      throws Exception {
    Hedge hedge = builder().build();
    IOException primaryFailure = new IOException("primary");
    IOException hedgeFailure = new IOException("hedge");
    BlockedPrimary primary =
        new BlockedPrimary(
            hedge,
            () -> {
              throw hedgeFailure;
            });
    scheduler.advanceNanos(100 * MS);
    runHedgedTasks(); // the hedge fails first: the call waits for the primary
    assertThat(primary.call).isNotDone();
    primary.release.completeExceptionally(primaryFailure);
    assertThatThrownBy(() -> get(primary.call)).isSameAs(primaryFailure);
    assertThat(primaryFailure.getSuppressed()).containsExactly(hedgeFailure);
    assertThat(events).containsExactly(
        new HedgeEvent.Started("search", 2, Duration.ofMillis(100)),
        new HedgeEvent.Failed("search", 2, primaryFailure));
    assertThat(hedge.stats().orElseThrow().count(HedgeOutcome.ALL_FAILED)).isEqualTo(1);
  }

  @Test
  void aFailedPrimaryWaitsForTheHedgeInFlight() throws Exception {
    Hedge hedge = builder().build();
    BlockedPrimary primary = new BlockedPrimary(hedge);
    scheduler.advanceNanos(100 * MS);
    primary.release.completeExceptionally(new IOException("primary"));
    runHedgedTasks();
    assertThat(get(primary.call)).isEqualTo("hedge");
  }

  @Test
  void anErrorOfThePrimaryPropagatesAndCancelsTheHedges() throws Exception {
    Hedge hedge = builder().build();
    StackOverflowError error = new StackOverflowError("primary");
    BlockedPrimary primary = new BlockedPrimary(hedge);
    scheduler.advanceNanos(100 * MS);
    assertThat(hedgedTasks).hasSize(1);
    primary.release.completeExceptionally(error);
    assertThatThrownBy(() -> primary.call.get(10, TimeUnit.SECONDS)).hasCause(error);
    runHedgedTasks(); // cancelled: never runs
    assertThat(primary.attempts).hasValue(1);
  }

  @Test
  void thePercentileDelayFollowsRecentLatencies() throws Exception {
    Hedge hedge =
        builder(HedgeDelay.percentile(50, 4, Duration.ofSeconds(1), Duration.ofMillis(5)), manualExecutor).build();
    assertThat(hedge.currentDelay()).isEqualTo(Duration.ofSeconds(1));
    for (long latency : new long[] {40, 10, 30, 20}) {
      hedge.call(() -> {
        ticker.advanceNanos(latency * MS);
        return "ok";
      });
    }
    // p50 (nearest rank) of {10, 20, 30, 40} is 20 ms: recomputed after every sample (window 4 / 4)
    assertThat(hedge.currentDelay()).isEqualTo(Duration.ofMillis(20));
    BlockedPrimary primary = new BlockedPrimary(hedge);
    scheduler.advanceNanos(19 * MS);
    assertThat(hedgedTasks).isEmpty();
    scheduler.advanceNanos(MS);
    assertThat(hedgedTasks).hasSize(1);
    primary.release.complete("primary");
    assertThat(get(primary.call)).isEqualTo("primary");
    // the primary won after 20 ms: one more sample, the window is now {10, 30, 20, 20}
    assertThat(hedge.currentDelay()).isEqualTo(Duration.ofMillis(20));
  }

  @Test
  void everyAttemptPassesTheInnerPoliciesOfThePipeline() throws Exception {
    AtomicInteger innerCalls = new AtomicInteger();
    dev.bulwark.core.Policy counting =
        new dev.bulwark.core.Policy() {
          @Override
          public <T> T execute(CheckedSupplier<T> call, Next next) throws Exception {
            innerCalls.incrementAndGet();
            return next.proceed(call);
          }

          @Override
          public <T> java.util.concurrent.CompletionStage<T> executeAsync(
              java.util.function.Supplier<? extends java.util.concurrent.CompletionStage<T>> call,
              AsyncNext next) {
            innerCalls.incrementAndGet();
            return next.proceed(call);
          }
        };
    Hedge hedge = builder().build();
    Pipeline pipeline = Pipeline.of(hedge, counting);
    CountDownLatch primaryStarted = new CountDownLatch(1);
    CompletableFuture<String> call =
        onThread(
            () ->
                pipeline.call(
                    () -> {
                      if (attempts.incrementAndGet() == 1) {
                        primaryStarted.countDown();
                        new CountDownLatch(1).await();
                      }
                      return "hedge";
                    }));
    primaryStarted.await();
    scheduler.advanceNanos(100 * MS);
    runHedgedTasks();
    assertThat(get(call)).isEqualTo("hedge");
    assertThat(innerCalls).hasValue(2);
  }

  @Test
  void moreConcurrentCallsThanSlotsAreAllHedged() throws Exception {
    int calls = SyncHedgeSlots.SLOTS + 12;
    Hedge hedge = builder(HedgeDelay.fixed(Duration.ofMillis(100)), Runnable::run).build();
    CountDownLatch allStarted = new CountDownLatch(calls);
    List<CompletableFuture<String>> results = new CopyOnWriteArrayList<>();
    for (int i = 0; i < calls; i++) {
      AtomicInteger mine = new AtomicInteger();
      results.add(
          onThread(
              () ->
                  hedge.call(
                      () -> {
                        if (mine.incrementAndGet() == 1) {
                          allStarted.countDown();
                          new CountDownLatch(1).await();
                        }
                        return "hedge";
                      })));
    }
    allStarted.await();
    scheduler.advanceNanos(100 * MS);
    for (CompletableFuture<String> result : results) {
      assertThat(get(result)).isEqualTo("hedge");
    }
    assertThat(hedge.stats().orElseThrow().count(HedgeOutcome.HEDGE_WON)).isEqualTo(calls);
  }

  @Test
  void manyThreadsOfFastCallsLeaveEverySlotFree() throws Exception {
    Hedge hedge = builder().build();
    int threads = 8;
    int perThread = 20_000;
    List<CompletableFuture<Integer>> done = new CopyOnWriteArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(onThread(() -> {
        int ok = 0;
        for (int i = 0; i < perThread; i++) {
          if ("ok".equals(hedge.call(() -> "ok"))) {
            ok++;
          }
        }
        return ok;
      }));
    }
    for (CompletableFuture<Integer> d : done) {
      assertThat(get(d)).isEqualTo(perThread);
    }
    scheduler.advance(Duration.ofSeconds(1)); // the sweeps find nothing to hedge
    assertThat(hedgedTasks).isEmpty();
    assertThat(hedge.stats().orElseThrow().count(HedgeOutcome.SUCCESS)).isEqualTo(threads * perThread);
    // every slot is free again: SLOTS slow calls still all fit in the table, and are all hedged
    CountDownLatch allStarted = new CountDownLatch(SyncHedgeSlots.SLOTS);
    List<CompletableFuture<String>> slow = new CopyOnWriteArrayList<>();
    for (int i = 0; i < SyncHedgeSlots.SLOTS; i++) {
      AtomicInteger mine = new AtomicInteger();
      slow.add(onThread(() -> hedge.call(() -> {
        if (mine.incrementAndGet() == 1) {
          allStarted.countDown();
          new CountDownLatch(1).await();
        }
        return "hedge";
      })));
    }
    allStarted.await();
    assertThat(scheduler.pending()).isEqualTo(1); // one sweep, no timer of their own
    scheduler.advanceNanos(100 * MS);
    assertThat(runHedgedTasks()).isEqualTo(SyncHedgeSlots.SLOTS);
    for (CompletableFuture<String> s : slow) {
      assertThat(get(s)).isEqualTo("hedge");
    }
  }

  @Test
  void theSuccessPathAllocatesNothing() throws Exception {
    Hedge hedge = builder().build();
    Hedge budgeted =
        Hedge.builder()
            .delay(HedgeDelay.percentile(95, 1024, Duration.ofMillis(100), Duration.ofMillis(10)))
            .budget(RetryBudget.tokenBucket(10, 0.1))
            .ticker(ticker)
            .scheduler(scheduler)
            .build();
    Pipeline pipeline = Pipeline.of(hedge);
    CheckedSupplier<String> call = () -> "ok";
    for (int i = 0; i < 20_000; i++) {
      hedge.call(call);
      budgeted.call(call);
      pipeline.call(call);
    }
    long before = Allocations.ofCurrentThread();
    for (int i = 0; i < 100_000; i++) {
      hedge.call(call);
      budgeted.call(call);
      pipeline.call(call);
    }
    long allocated = Allocations.ofCurrentThread() - before;
    assertThat(allocated).isLessThan(4096);
  }
}
