package dev.bulwark.examples.usage;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.BackoffSequence;
import dev.bulwark.core.Sleeper;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * A reconnect loop with {@link Backoff#sequence()}: while the server is unreachable, each failed
 * attempt waits the sequence's next delay (1 s, 2 s, 4 s... capped at 30 s, each +/-20% so that a
 * fleet of clients does not reconnect in lockstep); once connected, {@link BackoffSequence#reset()}
 * makes the next outage start again from the first delay.
 *
 * <p>The sequence is state for one connection: not thread-safe, one per loop.
 */
public final class ReconnectLoopExample {

  /** 1 s doubling to a 30 s cap, +/-20%. */
  static final Backoff BACKOFF =
      Backoff.exponential(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30)).withProportionalJitter(0.2);

  /** Opens a connection and serves it until it closes. */
  @FunctionalInterface
  interface Connection {

    /**
     * Connects and serves the connection until the server closes it.
     *
     * @throws IOException if the connection could not be opened
     * @throws InterruptedException if interrupted while serving
     */
    void connectAndServe() throws IOException, InterruptedException;
  }

  private ReconnectLoopExample() {}

  /**
   * Serves {@code sessions} sessions, reconnecting with backoff after each failed attempt.
   *
   * @param connection the connection to (re)open
   * @param sessions how many sessions to serve before returning
   * @param random the jitter's randomness, uniform in [0, 1)
   * @param sleeper waits out each delay ({@code Sleeper.system()} in production)
   * @return how many connection attempts failed
   * @throws InterruptedException if interrupted while waiting or serving
   */
  static int run(Connection connection, int sessions, DoubleSupplier random, Sleeper sleeper)
      throws InterruptedException {
    BackoffSequence delays = BACKOFF.sequence(random);
    int failures = 0;
    for (int served = 0; served < sessions; ) {
      try {
        connection.connectAndServe();
        delays.reset();       // it worked: the next outage starts again from 1 s
        served++;
      } catch (IOException e) {
        failures++;
        sleeper.sleepNanos(delays.nextNanos());
      }
    }
    return failures;
  }

  /**
   * Runs the loop for real against a server that refuses two attempts out of three.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    int[] attempt = {0};
    Connection flaky = () -> {
      if (++attempt[0] % 3 != 0) {
        throw new IOException("connection refused");
      }
      System.out.println("attempt " + attempt[0] + ": connected, served, closed by the server");
    };
    Sleeper loud = nanos -> {
      System.out.println("waiting " + Duration.ofNanos(nanos).toMillis() + " ms");
      Sleeper.system().sleepNanos(nanos);
    };
    int failures = run(flaky, 2, () -> ThreadLocalRandom.current().nextDouble(), loud);
    System.out.println(failures + " failed attempts");
  }
}
