package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Events that other threads (Jetty's, a listener's) append, and a wait until the log holds a
 * number of them: one semaphore permit per event, so the test thread blocks until they arrive
 * instead of polling. {@link Http#WAIT} only bounds a hang.
 */
final class EventLog {

  private final List<String> events = new CopyOnWriteArrayList<>();
  private final Semaphore added = new Semaphore(0);
  /** Events the test thread has already waited for (read and written by the test thread only). */
  private int awaited;

  /** Appends an event; any thread. */
  void add(String event) {
    events.add(event);
    added.release();
  }

  /** The events so far, in order (a live, thread-safe list). */
  List<String> list() {
    return events;
  }

  /** Forgets every event; only while no other thread adds one. */
  void clear() {
    events.clear();
    added.drainPermits();
    awaited = 0;
  }

  /** Waits until the log holds at least {@code count} events. */
  void awaitSize(int count) throws InterruptedException {
    if (count > awaited) {
      assertThat(added.tryAcquire(count - awaited, Http.WAIT.toMillis(), TimeUnit.MILLISECONDS))
          .as("%s events in %s", count, events)
          .isTrue();
      awaited = count;
    }
  }
}
