package dev.bulwark.retry;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The scheduler that {@link Retry} and {@link Timeout} use when none is configured: one daemon
 * thread named {@code bulwark-retry-scheduler}, created on first use (holder idiom) and shared by
 * every retry and timeout of the class loader. Cancelled tasks are removed at once, so cancelled
 * timeouts do not pile up. Tasks it runs must not block.
 */
final class DefaultScheduler {

  private DefaultScheduler() {}

  private static final class Holder {
    static final ScheduledExecutorService INSTANCE = create();

    private static ScheduledExecutorService create() {
      ScheduledThreadPoolExecutor executor =
          new ScheduledThreadPoolExecutor(
              1,
              task -> {
                Thread thread = new Thread(task, "bulwark-retry-scheduler");
                thread.setDaemon(true);
                return thread;
              });
      executor.setRemoveOnCancelPolicy(true);
      return executor;
    }
  }

  static ScheduledExecutorService get() {
    return Holder.INSTANCE;
  }
}
