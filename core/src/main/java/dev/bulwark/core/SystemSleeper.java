package dev.bulwark.core;

import java.util.concurrent.TimeUnit;

/** {@link Sleeper#system()}: parks the calling thread for real. */
enum SystemSleeper implements Sleeper {
  INSTANCE;

  @Override
  public void sleepNanos(long nanos) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before sleeping");
    }
    if (nanos > 0) {
      TimeUnit.NANOSECONDS.sleep(nanos);
    }
  }

  @Override
  public String toString() {
    return "Sleeper.system()";
  }
}
