package dev.bulwark.retry;

import dev.bulwark.core.ManualTicker;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} on a {@link ManualTicker}: tasks run only when a test advances
 * time, on the test's thread, in due order. Records every requested delay, like
 * {@link ManualTicker#sleeps()} does for sleeps. Thread-safe for scheduling; run by one thread.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

  private final ManualTicker ticker;
  private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
  private final List<Long> delays = new ArrayList<>();
  private long sequence;
  private boolean shutdown;

  ManualScheduler(ManualTicker ticker) {
    this.ticker = ticker;
  }

  /** Every delay passed to {@code schedule}, in nanoseconds, in order. */
  synchronized List<Long> delays() {
    return List.copyOf(delays);
  }

  /** Tasks scheduled and neither run nor cancelled. */
  synchronized int pending() {
    return (int) queue.stream().filter(t -> !t.isCancelled()).count();
  }

  /** Runs every task, advancing the ticker to each one's due time, until none is left. */
  void runUntilIdle() {
    for (int i = 0; i < 100_000; i++) {
      Task<?> next = poll(Long.MAX_VALUE);
      if (next == null) {
        return;
      }
      next.run();
    }
    throw new AssertionError("runaway scheduling");
  }

  /** Advances time by {@code nanos}, running the tasks that fall due on the way. */
  void advanceNanos(long nanos) {
    long target = ticker.read() + nanos;
    for (; ; ) {
      Task<?> next = poll(target);
      if (next == null) {
        break;
      }
      next.run();
    }
    ticker.advanceNanos(target - ticker.read());
  }

  private synchronized Task<?> poll(long until) {
    for (; ; ) {
      Task<?> head = queue.peek();
      if (head == null || head.due > until) {
        return null;
      }
      queue.poll();
      if (head.isCancelled()) {
        continue;
      }
      if (head.due > ticker.read()) {
        ticker.advanceNanos(head.due - ticker.read());
      }
      return head;
    }
  }

  private synchronized <V> Task<V> add(Callable<V> callable, long delayNanos, boolean record) {
    if (shutdown) {
      throw new java.util.concurrent.RejectedExecutionException("shut down");
    }
    if (record) {
      delays.add(delayNanos);
    }
    Task<V> task = new Task<>(callable, ticker.read() + Math.max(0, delayNanos), sequence++);
    queue.add(task);
    return task;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return add(Executors.callable(command), unit.toNanos(delay), true);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return add(callable, unit.toNanos(delay), true);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void execute(Runnable command) {
    Object unused = add(Executors.callable(command), 0, false);
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> left = new ArrayList<>(queue);
    queue.clear();
    return left;
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown && queue.isEmpty();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }

  private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
    final long due;
    final long seq;

    Task(Callable<V> callable, long due, long seq) {
      super(callable);
      this.due = due;
      this.seq = seq;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(due - ticker.read(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      Task<?> o = (Task<?>) other;
      int byDue = Long.compare(due, o.due);
      return byDue != 0 ? byDue : Long.compare(seq, o.seq);
    }

    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(seq);
    }
  }
}
