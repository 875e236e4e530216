package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@SuppressWarnings("FutureReturnValueIgnored") // the tests watch tasks through the log, not their futures
class ManualSchedulerTest {

  private final ManualTicker ticker = new ManualTicker();
  private final ManualScheduler scheduler = new ManualScheduler(ticker);
  private final List<String> log = new ArrayList<>();

  private Runnable note(String what) {
    return () -> log.add(what + "@" + ticker.read());
  }

  @Test
  void nothingRunsUntilDrivenThenTasksRunInDueOrderAtTheirDueTime() {
    scheduler.schedule(note("b"), 20, TimeUnit.NANOSECONDS);
    scheduler.schedule(note("a"), 10, TimeUnit.NANOSECONDS);
    scheduler.schedule(note("c"), 20, TimeUnit.NANOSECONDS);
    scheduler.execute(note("now"));
    assertThat(log).isEmpty();
    assertThat(scheduler.pending()).isEqualTo(4);
    assertThat(scheduler.delays()).containsExactly(20L, 10L, 20L);

    scheduler.runDue();
    assertThat(log).containsExactly("now@0");
    scheduler.advanceNanos(15);
    assertThat(log).containsExactly("now@0", "a@10");
    assertThat(ticker.read()).isEqualTo(15);
    scheduler.advance(Duration.ofNanos(100));
    assertThat(log).containsExactly("now@0", "a@10", "b@20", "c@20");
    assertThat(ticker.read()).isEqualTo(115);
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void aTickerAdvancedDirectlyRunsTasksAtTheNextRunDue() throws Exception {
    ScheduledFuture<String> future = scheduler.schedule(() -> "done", 1, TimeUnit.SECONDS);
    assertThat(future.getDelay(TimeUnit.MILLISECONDS)).isEqualTo(1000);
    ticker.advance(Duration.ofSeconds(2));
    assertThat(future.isDone()).isFalse();
    scheduler.runDue();
    assertThat(future.get()).isEqualTo("done");
  }

  @Test
  void tasksScheduledByTasksRunWhenDueAndRunUntilIdleDrainsEverything() {
    scheduler.schedule(() -> {
      note("outer").run();
      scheduler.schedule(note("inner"), 5, TimeUnit.NANOSECONDS);
      scheduler.execute(note("immediate"));
    }, 10, TimeUnit.NANOSECONDS);
    scheduler.runUntilIdle();
    assertThat(log).containsExactly("outer@10", "immediate@10", "inner@15");
  }

  @Test
  void cancelledTasksNeverRun() {
    ScheduledFuture<?> f = scheduler.schedule(note("x"), 1, TimeUnit.NANOSECONDS);
    assertThat(f.cancel(false)).isTrue();
    assertThat(scheduler.pending()).isZero();
    scheduler.advanceNanos(10);
    assertThat(log).isEmpty();
  }

  @Test
  void periodicTasksRescheduleThemselves() {
    ScheduledFuture<?> rate = scheduler.scheduleAtFixedRate(note("rate"), 5, 10, TimeUnit.NANOSECONDS);
    ScheduledFuture<?> delay =
        scheduler.scheduleWithFixedDelay(note("delay"), 0, 12, TimeUnit.NANOSECONDS);
    scheduler.advanceNanos(30);
    assertThat(log).containsExactly("delay@0", "rate@5", "delay@12", "rate@15", "delay@24", "rate@25");
    rate.cancel(false);
    delay.cancel(false);
    scheduler.runUntilIdle();
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void runUntilIdleStopsARunaway() {
    scheduler.scheduleAtFixedRate(() -> {}, 0, 1, TimeUnit.NANOSECONDS);
    assertThatThrownBy(scheduler::runUntilIdle)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("runaway scheduling");
  }

  @Test
  void shutdownRefusesNewTasksAndShutdownNowReturnsTheQueuedOnes() {
    scheduler.schedule(note("queued"), 1, TimeUnit.NANOSECONDS);
    scheduler.shutdown();
    assertThat(scheduler.isShutdown()).isTrue();
    assertThat(scheduler.isTerminated()).isFalse();
    assertThatThrownBy(() -> scheduler.schedule(note("late"), 1, TimeUnit.NANOSECONDS))
        .isInstanceOf(RejectedExecutionException.class);
    assertThat(scheduler.shutdownNow()).hasSize(1);
    assertThat(scheduler.isTerminated()).isTrue();
    assertThat(scheduler.awaitTermination(1, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void refusesToGoBackwards() {
    assertThatThrownBy(() -> scheduler.advanceNanos(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(scheduler.ticker()).isSameAs(ticker);
  }
}
