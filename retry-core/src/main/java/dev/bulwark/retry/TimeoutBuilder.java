package dev.bulwark.retry;

import dev.bulwark.core.internal.Preconditions;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link Timeout}. Each setting may be made once (a second call throws
 * {@link IllegalStateException}). Not thread-safe; the built timeout is.
 *
 * <p>Defaults: name {@code "timeout"}, no executor (sync calls run on the caller's thread), the
 * shared daemon scheduler.
 */
public final class TimeoutBuilder {

  private final long timeoutNanos;
  private @Nullable String name;
  private @Nullable Executor executor;
  private @Nullable ScheduledExecutorService scheduler;

  TimeoutBuilder(long timeoutNanos) {
    this.timeoutNanos = timeoutNanos;
  }

  /**
   * Names the timeout, for its exception's message.
   *
   * @param name a non-blank name
   * @return this builder
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if the name was already set
   */
  public TimeoutBuilder name(String name) {
    this.name = Preconditions.setNameOnce(this.name, name);
    return this;
  }

  /**
   * Sets the executor that runs sync calls, so that the caller stops waiting at the deadline even
   * when the call ignores interrupts (without one, sync calls run on the caller's thread, which is
   * interrupted at the deadline). Use one with enough threads for the concurrent calls, whose
   * threads tolerate interrupts (a {@link java.util.concurrent.ThreadPoolExecutor} clears them
   * between tasks).
   *
   * @param executor the executor; never shut down by the timeout
   * @return this builder
   * @throws IllegalStateException if the executor was already set
   */
  public TimeoutBuilder executor(Executor executor) {
    this.executor = Preconditions.setOnce("executor", this.executor, executor);
    return this;
  }

  /**
   * Sets the scheduler that fires the timeouts.
   *
   * @param scheduler the scheduler; never shut down by the timeout
   * @return this builder
   * @throws IllegalStateException if the scheduler was already set
   */
  public TimeoutBuilder scheduler(ScheduledExecutorService scheduler) {
    this.scheduler = Preconditions.setOnce("scheduler", this.scheduler, scheduler);
    return this;
  }

  /**
   * Builds the timeout.
   *
   * @return a new, immutable, thread-safe timeout
   */
  public Timeout build() {
    return new Timeout(name != null ? name : "timeout", timeoutNanos, executor, scheduler);
  }
}
