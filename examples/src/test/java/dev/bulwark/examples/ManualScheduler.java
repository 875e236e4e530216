package dev.bulwark.examples;

import dev.bulwark.core.ManualTicker;
import java.time.Duration;
import java.util.List;
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

/**
 * A {@link ScheduledExecutorService} on a {@link ManualTicker}: tasks run on the test's thread
 * when {@link #runDue()} or {@link #advance} reaches their time, in order of due time and then of
 * scheduling. Nothing runs by itself and nothing sleeps. Not thread-safe: one test thread drives it.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

  private final ManualTicker ticker;
  private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
  private long sequence;
  private boolean shutdown;

  public ManualScheduler(ManualTicker ticker) {
    this.ticker = ticker;
  }

  /** Runs every task due now, including those that due tasks schedule for now. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  /** Moves the ticker forward, running each task when its time comes. */
  public void advance(Duration duration) {
    long target = ticker.read() + duration.toNanos();
    for (Task<?> next = queue.peek(); next != null && next.due <= target; next = queue.peek()) {
      queue.poll();
      if (next.due > ticker.read()) {
        ticker.advanceNanos(next.due - ticker.read());
      }
      next.run();
    }
    if (target > ticker.read()) {
      ticker.advanceNanos(target - ticker.read());
    }
  }

  /** The tasks scheduled and neither run nor cancelled. */
  public long pending() {
    return queue.stream().filter(t -> !t.isCancelled()).count();
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return schedule(Executors.callable(command, null), delay, unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    if (shutdown) {
      throw new RejectedExecutionException("the manual scheduler is shut down");
    }
    Task<V> task = new Task<>(callable, ticker.read() + Math.max(0, unit.toNanos(delay)), sequence++);
    queue.add(task);
    return task;
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException("not needed by the demo");
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("not needed by the demo");
  }

  @Override
  public void execute(Runnable command) {
    ScheduledFuture<?> unused = schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    queue.clear();
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return shutdown;
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
  }
}
