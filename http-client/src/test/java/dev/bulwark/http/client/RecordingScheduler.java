package dev.bulwark.http.client;

import dev.bulwark.core.ManualTicker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * An async retry's scheduler that never waits: it records each delay asked for, advances the
 * manual clock by it and runs the task at once. The async twin of {@link ManualTicker#sleeper()}.
 */
final class RecordingScheduler extends ScheduledThreadPoolExecutor {

  private final ManualTicker ticker;
  private final List<Long> delays = new CopyOnWriteArrayList<>();

  RecordingScheduler(ManualTicker ticker) {
    super(1);
    this.ticker = ticker;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    long nanos = unit.toNanos(delay);
    delays.add(nanos);
    ticker.advanceNanos(nanos);
    return super.schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  List<Long> delays() {
    return delays;
  }
}
