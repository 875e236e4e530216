package dev.bulwark.core;

import dev.bulwark.core.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ScheduledExecutorService} driven by a {@link ManualTicker}: nothing runs by itself and
 * nothing sleeps. Tasks run on the thread that calls {@link #runDue()}, {@link #advance},
 * {@link #advanceNanos} or {@link #runUntilIdle()}, when the ticker reaches their due time, in order
 * of due time and then of scheduling. The scheduler for deterministic tests of code that schedules
 * timeouts, half-open transitions or delayed retries (Bulwark's own tests use it too).
 *
 * <pre>{@code
 * ManualTicker ticker = new ManualTicker();
 * ManualScheduler scheduler = new ManualScheduler(ticker);
 * Timeout timeout = Timeout.builder(Duration.ofSeconds(2)).scheduler(scheduler).build();
 * // ... start a call, then:
 * scheduler.advance(Duration.ofSeconds(2)); // the timeout fires here, on this thread
 * }</pre>
 *
 * <p>Time: running a task first moves the ticker to the task's due time, so the task reads the time
 * it was due at. Advancing the ticker directly (with {@link ManualTicker#advance}) runs nothing; the
 * next {@link #runDue()} runs what became due. {@link #execute} runs a task at the next
 * {@code runDue()}, like a zero delay. Negative delays count as zero.
 *
 * <p>Periodic tasks ({@link #scheduleAtFixedRate}, {@link #scheduleWithFixedDelay}) are supported:
 * each run schedules the next one, so {@link #runUntilIdle()} never drains them (it stops with an
 * exception after {@value #MAX_RUN} tasks instead of looping forever).
 *
 * <p>{@link #delays()} records every delay passed to a {@code schedule} method, as
 * {@link ManualTicker#sleeps()} records sleeps. After {@link #shutdown()} new tasks are refused
 * with {@link RejectedExecutionException}; queued ones still run when driven.
 * {@link #shutdownNow()} drops and returns them.
 *
 * <p>Thread-safe: any thread may schedule, cancel and drive; tasks run outside the scheduler's
 * lock, so a task may schedule more tasks. Drive it from one thread for a deterministic order.
 */
public final class ManualScheduler extends AbstractExecutorService
    implements ScheduledExecutorService {

  /** The most tasks {@link #runUntilIdle()} runs before it gives up. */
  public static final int MAX_RUN = 100_000;

  private final ManualTicker ticker;
  private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
  private final List<Long> delays = new ArrayList<>();
  private long sequence;
  private boolean shutdown;

  /**
   * Creates a scheduler on a ticker.
   *
   * @param ticker the clock that decides which tasks are due; the scheduler advances it
   * @throws NullPointerException if {@code ticker} is null
   */
  public ManualScheduler(ManualTicker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
  }

  /**
   * Returns the ticker this scheduler reads and advances.
   *
   * @return the ticker given to the constructor
   */
  public ManualTicker ticker() {
    return ticker;
  }

  /** Runs every task due now, including tasks that those tasks schedule for now. */
  public void runDue() {
    advanceNanos(0);
  }

  /**
   * Moves the ticker forward by {@code duration}, running each task that falls due on the way at
   * its due time. Huge durations saturate.
   *
   * @param duration how far; zero runs what is due now
   * @throws NullPointerException if {@code duration} is null
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public void advance(Duration duration) {
    advanceNanos(Durations.toNanosSaturated(duration));
  }

  /**
   * Moves the ticker forward by {@code nanos}, running each task that falls due on the way at its
   * due time.
   *
   * @param nanos how far, in nanoseconds; zero runs what is due now
   * @throws IllegalArgumentException if {@code nanos} is negative
   */
  public void advanceNanos(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("a ManualScheduler never goes backwards: delta was " + nanos + " ns");
    }
    long target = Durations.saturatedAdd(ticker.read(), nanos);
    for (Task<?> next = poll(target); next != null; next = poll(target)) {
      next.run();
    }
    long now = ticker.read();
    if (target > now) {
      ticker.advanceNanos(target - now);
    }
  }

  /**
   * Runs tasks, moving the ticker to each one's due time, until none is left.
   *
   * @throws IllegalStateException if more than {@value #MAX_RUN} tasks ran (periodic tasks, or
   *     tasks that keep scheduling more)
   */
  public void runUntilIdle() {
    for (int i = 0; i < MAX_RUN; i++) {
      Task<?> next = poll(Long.MAX_VALUE);
      if (next == null) {
        return;
      }
      next.run();
    }
    throw new IllegalStateException("runaway scheduling: " + MAX_RUN + " tasks ran and more are due");
  }

  /**
   * Returns how many tasks are scheduled and neither run nor cancelled.
   *
   * @return the count
   */
  public synchronized int pending() {
    int n = 0;
    for (Task<?> task : queue) {
      if (!task.isCancelled()) {
        n++;
      }
    }
    return n;
  }

  /**
   * Returns every delay passed to a {@code schedule} method so far (the initial delay for periodic
   * tasks; not {@link #execute}), in nanoseconds, in order.
   *
   * @return an immutable snapshot
   */
  public synchronized List<Long> delays() {
    return List.copyOf(delays);
  }

  private synchronized @Nullable Task<?> poll(long until) {
    for (Task<?> head = queue.peek(); head != null && head.due <= until; head = queue.peek()) {
      queue.poll();
      if (head.isCancelled()) {
        continue;
      }
      long now = ticker.read();
      if (head.due > now) {
        ticker.advanceNanos(head.due - now);
      }
      return head;
    }
    return null;
  }

  private synchronized <V> Task<V> add(
      Callable<V> callable, long delayNanos, long periodNanos, boolean record) {
    if (shutdown) {
      throw new RejectedExecutionException("the ManualScheduler is shut down");
    }
    if (record) {
      delays.add(delayNanos);
    }
    Task<V> task = new Task<>(callable, due(delayNanos), periodNanos, sequence++);
    queue.add(task);
    return task;
  }

  private synchronized void requeue(Task<?> task, long due) {
    if (!shutdown) {
      task.due = due;
      task.seq = sequence++;
      queue.add(task);
    }
  }

  private long due(long delayNanos) {
    return Durations.saturatedAdd(ticker.read(), Math.max(0, delayNanos));
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    Objects.requireNonNull(command, "command");
    return add(Executors.callable(command), unit.toNanos(delay), 0, true);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    Objects.requireNonNull(callable, "callable");
    return add(callable, unit.toNanos(delay), 0, true);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Each run is due {@code period} after the previous one was due.
   */
  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return periodic(command, initialDelay, "period", period, unit, true);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Each run is due {@code delay} after the previous one ended (on the manual ticker).
   */
  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return periodic(command, initialDelay, "delay", delay, unit, false);
  }

  private ScheduledFuture<?> periodic(
      Runnable command, long initialDelay, String what, long period, TimeUnit unit, boolean fixedRate) {
    Objects.requireNonNull(command, "command");
    if (period <= 0) {
      throw new IllegalArgumentException(what + " must be positive but was " + period);
    }
    long nanos = Math.max(1, unit.toNanos(period));
    return add(Executors.callable(command), unit.toNanos(initialDelay), fixedRate ? nanos : -nanos, true);
  }

  /** Queues {@code command} to run at the next {@link #runDue()}; not recorded in {@link #delays()}. */
  @Override
  public void execute(Runnable command) {
    Objects.requireNonNull(command, "command");
    Object unused = add(Executors.callable(command), 0, 0, false);
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  /**
   * {@inheritDoc}
   *
   * @return the tasks that were queued and not cancelled; each is a {@link ScheduledFuture} too
   */
  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> left = new ArrayList<>();
    for (Task<?> task : queue) {
      if (!task.isCancelled()) {
        left.add(task);
      }
    }
    queue.clear();
    return left;
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  /**
   * {@inheritDoc}
   *
   * <p>True once shut down with no task left to run.
   */
  @Override
  public synchronized boolean isTerminated() {
    return shutdown && pending() == 0;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Never waits: nothing runs unless this scheduler is driven.
   */
  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }

  @Override
  public String toString() {
    return "ManualScheduler[" + pending() + " pending, " + ticker + "]";
  }

  private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
    /** The ticker reading this run is due at; guarded by the scheduler's lock while queued. */
    long due;
    long seq;
    /** Zero: one-shot; positive: fixed rate; negative: fixed delay. */
    private final long period;

    Task(Callable<V> callable, long due, long period, long seq) {
      super(callable);
      this.due = due;
      this.period = period;
      this.seq = seq;
    }

    @Override
    public void run() {
      if (period == 0) {
        super.run();
      } else if (runAndReset()) {
        requeue(this, period > 0 ? Durations.saturatedAdd(due, period) : due(-period));
      }
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(due - ticker.read(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      if (other instanceof Task<?> o) {
        int byDue = Long.compare(due, o.due);
        return byDue != 0 ? byDue : Long.compare(seq, o.seq);
      }
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }
}
