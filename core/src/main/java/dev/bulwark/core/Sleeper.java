package dev.bulwark.core;

import java.util.concurrent.TimeUnit;

/**
 * Blocks the calling thread for a number of nanoseconds: the seam through which every blocking wait
 * in Bulwark goes, so that tests never sleep for real.
 *
 * <p>{@link #system()} really parks the thread; {@link ManualTicker#sleeper()} advances a manual
 * clock instead and records what was asked for.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Sleeps for the given duration.
   *
   * @param nanos how long to sleep, in nanoseconds; zero or negative returns at once
   * @throws InterruptedException if the thread is interrupted before or while sleeping; the
   *     interrupt flag is cleared, as with {@link Thread#sleep(long)}
   */
  void sleepNanos(long nanos) throws InterruptedException;

  /**
   * Returns the sleeper that parks the calling thread with {@link TimeUnit#sleep(long)}.
   *
   * @return the shared system sleeper; thread-safe
   */
  static Sleeper system() {
    return SystemSleeper.INSTANCE;
  }
}
