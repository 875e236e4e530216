package dev.bulwark.netty;

import dev.bulwark.core.internal.Durations;
import dev.bulwark.core.internal.Preconditions;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How long a {@link BulwarkHandler} waits for a client to send what it owes: the next request on
 * an idle connection, the rest of a request head, the next bytes of a request body. A client that
 * sends nothing holds a connection, and a client that stops in a body holds the concurrency permit
 * its request was admitted with; these timeouts give both back.
 *
 * <table>
 *   <caption>The three timeouts</caption>
 *   <tr><th>timeout</th><th>default</th><th>runs while</th><th>when it expires</th></tr>
 *   <tr><td>{@link #idleTimeout()}</td><td>30 s</td><td>the connection owes no response and no
 *       request is arriving: from the moment it opens, and from the moment the last response owed
 *       was written</td><td>the connection is closed, nothing is sent</td></tr>
 *   <tr><td>{@link #headTimeout()}</td><td>10 s</td><td>from the first read of a request's head
 *       (on a connection that owes no response) until the head is complete</td><td>408 with the
 *       edge's headers and error body ({@link dev.bulwark.http.Edge#protocolError}), then the
 *       connection is closed</td></tr>
 *   <tr><td>{@link #bodyTimeout()}</td><td>20 s</td><td>a request's body is still arriving: the
 *       longest time between two reads that bring body bytes (not the time for the whole
 *       body)</td><td>408 if the request's response can still be given (no response has started
 *       and none is owed before it), then the connection is closed, which cancels the request's
 *       exchange and releases its permits</td></tr>
 * </table>
 *
 * <p>The defaults follow common servers: Jetty closes a connection idle for 30 s; 10 s is ample for
 * a head, which normally arrives in one packet; 20 s between body reads is Apache httpd's
 * {@code mod_reqtimeout} default for bodies.
 *
 * <p>What is not timed: a connection that owes a response, however long the application takes to
 * produce or stream it (a slow handler, a server-sent event stream, a long download), since the
 * application, not the client, is then the one working; and writes, which a client that stops
 * reading can stall (bound those with Netty's {@code WriteTimeoutHandler} or the application's own
 * limits). Once a {@code 101 Switching Protocols} response (a WebSocket handshake) has been
 * written through the handler, the timeouts stop for good.
 *
 * <p>A duration of about 292 years or more, such as {@code ChronoUnit.FOREVER.getDuration()}, turns
 * a timeout off: no timer is scheduled for it.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReadTimeouts {

  /** The default {@link #idleTimeout()}: 30 seconds. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
  /** The default {@link #headTimeout()}: 10 seconds. */
  public static final Duration DEFAULT_HEAD_TIMEOUT = Duration.ofSeconds(10);
  /** The default {@link #bodyTimeout()}: 20 seconds. */
  public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(20);

  private static final ReadTimeouts DEFAULTS = builder().build();

  private final Duration idleTimeout;
  private final Duration headTimeout;
  private final Duration bodyTimeout;
  final long idleNanos;
  final long headNanos;
  final long bodyNanos;

  private ReadTimeouts(Duration idleTimeout, Duration headTimeout, Duration bodyTimeout) {
    this.idleTimeout = idleTimeout;
    this.headTimeout = headTimeout;
    this.bodyTimeout = bodyTimeout;
    this.idleNanos = Durations.toNanosSaturated(idleTimeout);
    this.headNanos = Durations.toNanosSaturated(headTimeout);
    this.bodyNanos = Durations.toNanosSaturated(bodyTimeout);
  }

  /**
   * Returns the defaults: idle 30 s, head 10 s, body 20 s.
   *
   * @return the shared default timeouts
   */
  public static ReadTimeouts defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a builder; each timeout not set keeps its default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns how long a connection that owes no response may stay without a request arriving
   * before it is closed.
   *
   * @return the idle timeout, positive
   */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /**
   * Returns how long a request head may take from its first read until it is complete.
   *
   * @return the head timeout, positive
   */
  public Duration headTimeout() {
    return headTimeout;
  }

  /**
   * Returns how long a request body may go without a read that brings body bytes.
   *
   * @return the body timeout, positive
   */
  public Duration bodyTimeout() {
    return bodyTimeout;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ReadTimeouts
        && idleTimeout.equals(((ReadTimeouts) o).idleTimeout)
        && headTimeout.equals(((ReadTimeouts) o).headTimeout)
        && bodyTimeout.equals(((ReadTimeouts) o).bodyTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(idleTimeout, headTimeout, bodyTimeout);
  }

  @Override
  public String toString() {
    return "ReadTimeouts[idle=" + idleTimeout + ", head=" + headTimeout + ", body=" + bodyTimeout + "]";
  }

  /**
   * Builds {@link ReadTimeouts}. Each setting may be made once; the order of calls does not
   * matter. Not thread-safe.
   */
  public static final class Builder {

    private @Nullable Duration idleTimeout;
    private @Nullable Duration headTimeout;
    private @Nullable Duration bodyTimeout;

    private Builder() {}

    /**
     * Sets how long a connection that owes no response may stay without a request arriving
     * (default 30 s).
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws IllegalStateException if already set
     */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = set("idleTimeout", idleTimeout, timeout);
      return this;
    }

    /**
     * Sets how long a request head may take from its first read until it is complete (default
     * 10 s).
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws IllegalStateException if already set
     */
    public Builder headTimeout(Duration timeout) {
      this.headTimeout = set("headTimeout", headTimeout, timeout);
      return this;
    }

    /**
     * Sets how long a request body may go without a read that brings body bytes (default 20 s).
     *
     * @param timeout a positive duration
     * @return this builder
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws IllegalStateException if already set
     */
    public Builder bodyTimeout(Duration timeout) {
      this.bodyTimeout = set("bodyTimeout", bodyTimeout, timeout);
      return this;
    }

    /**
     * Returns the timeouts, with the default for each one not set.
     *
     * @return the timeouts
     */
    public ReadTimeouts build() {
      return new ReadTimeouts(
          idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : idleTimeout,
          headTimeout == null ? DEFAULT_HEAD_TIMEOUT : headTimeout,
          bodyTimeout == null ? DEFAULT_BODY_TIMEOUT : bodyTimeout);
    }

    private static Duration set(String setting, @Nullable Duration current, Duration value) {
      Durations.requirePositive(setting, value);
      Preconditions.requireUnset(setting, current);
      return value;
    }
  }
}
