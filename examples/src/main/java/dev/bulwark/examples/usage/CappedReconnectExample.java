package dev.bulwark.examples.usage;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.BackoffSequence;
import dev.bulwark.core.Sleeper;
import java.io.IOException;
import java.time.Duration;

/**
 * The reconnect policy of a WebSocket client (seed E, the RAD monitor's dashboard): base 1 s,
 * multiplied by 1.5 after each failure, at most 30 s, plus 0 to 20 % (one-sided jitter: a client
 * never reconnects sooner than the bare delay), at most 10 attempts in a row, and the count and the
 * delays start over once a connection succeeds.
 *
 * <p>Without jitter the waits are 1 s, 1.5 s, 2.25 s, 3.375 s, 5.0625 s, 7.59 s, 11.39 s, 17.09 s,
 * 25.63 s: nine waits between ten attempts. The tenth failure in a row gives up.
 *
 * <p>One loop per connection; not thread-safe.
 */
public final class CappedReconnectExample {

  /** The most connection attempts in a row before giving up (the first attempt counts). */
  static final int MAX_ATTEMPTS = 10;

  /** 1 s, x1.5, capped at 30 s, +0-20 %. */
  static final Backoff BACKOFF =
      Backoff.exponential(Duration.ofSeconds(1), 1.5, Duration.ofSeconds(30)).withPositiveJitter(0.2);

  /** Opens a connection and serves it until it closes. */
  @FunctionalInterface
  interface Connection {

    /**
     * Connects and serves the connection until the server closes it.
     *
     * @throws IOException if the connection could not be opened
     */
    void connectAndServe() throws IOException;
  }

  private CappedReconnectExample() {}

  /**
   * Keeps a connection open: after each session (a successful connection that later closed) it
   * reconnects at once, and after each failed attempt it waits the sequence's next delay. Returns
   * when {@code sessions} sessions were served, or after {@value #MAX_ATTEMPTS} failed attempts in
   * a row.
   *
   * @param connection the connection to (re)open
   * @param sessions how many sessions to serve before returning
   * @param delays the delays, from {@code BACKOFF.sequence()} (or with scripted randomness in tests)
   * @param sleeper waits out each delay ({@code Sleeper.system()} in production)
   * @return the sessions served; fewer than {@code sessions} when the attempts ran out
   * @throws InterruptedException if interrupted while waiting
   */
  static int run(Connection connection, int sessions, BackoffSequence delays, Sleeper sleeper)
      throws InterruptedException {
    int served = 0;
    int failuresInARow = 0;
    while (served < sessions) {
      try {
        connection.connectAndServe();
        delays.reset();         // reset on success: the next outage starts again from 1 s
        failuresInARow = 0;     // and gets 10 attempts again
        served++;
      } catch (IOException e) {
        failuresInARow++;
        if (failuresInARow == MAX_ATTEMPTS) {
          return served;
        }
        sleeper.sleepNanos(delays.nextNanos());
      }
    }
    return served;
  }
}
