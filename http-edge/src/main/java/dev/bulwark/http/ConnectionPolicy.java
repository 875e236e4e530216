package dev.bulwark.http;

import dev.bulwark.core.internal.Durations;
import java.time.Duration;

/**
 * How a route's long-lived connections (WebSocket upgrades) are watched once they are open: an
 * optional idle expiry and an optional heartbeat. Given to
 * {@link RouteBuilder#connections(ConnectionPolicy)}; the adapters apply it to each connection the
 * route upgrades ({@link EdgeExchange#upgrade}).
 *
 * <pre>{@code
 * ConnectionPolicy policy = ConnectionPolicy.none()
 *     .withIdleTimeout(Duration.ofHours(1))
 *     .withHeartbeat(Duration.ofSeconds(30), Duration.ofSeconds(10));
 * }</pre>
 *
 * <ul>
 *   <li><b>Idle expiry</b>: a connection that carries no data message (text, binary or
 *       continuation frame, in either direction) for the idle timeout is closed with a close frame
 *       (status 1001, going away). Pings and pongs do not count as activity, so a heartbeat does not
 *       keep an idle connection open.
 *   <li><b>Heartbeat</b>: every ping interval the server sends a ping; when no frame at all (a pong,
 *       or anything else) arrives within the pong timeout after it, the peer is taken for gone and
 *       the connection is closed without a close handshake.
 * </ul>
 * Either way the connection's concurrency permit is released when it has closed. Immutable and
 * thread-safe; the {@code with...} methods return new values.
 */
public final class ConnectionPolicy {

  private static final ConnectionPolicy NONE = new ConnectionPolicy(0, 0, 0);

  private final long idleTimeoutNanos;
  private final long pingIntervalNanos;
  private final long pongTimeoutNanos;

  private ConnectionPolicy(long idleTimeoutNanos, long pingIntervalNanos, long pongTimeoutNanos) {
    this.idleTimeoutNanos = idleTimeoutNanos;
    this.pingIntervalNanos = pingIntervalNanos;
    this.pongTimeoutNanos = pongTimeoutNanos;
  }

  /**
   * Returns the policy of a route that sets none: no idle expiry, no heartbeat (a connection then
   * lives until a side closes it, and the transport's own timeouts apply).
   *
   * @return the empty policy
   */
  public static ConnectionPolicy none() {
    return NONE;
  }

  /**
   * Returns this policy with an idle expiry.
   *
   * @param idleTimeout how long a connection may carry no data message; positive
   * @return a new policy
   * @throws NullPointerException if {@code idleTimeout} is null
   * @throws IllegalArgumentException if {@code idleTimeout} is zero or negative
   */
  public ConnectionPolicy withIdleTimeout(Duration idleTimeout) {
    return new ConnectionPolicy(
        Durations.requirePositive("idleTimeout", idleTimeout), pingIntervalNanos, pongTimeoutNanos);
  }

  /**
   * Returns this policy with a heartbeat.
   *
   * @param pingInterval how long after the connection opened, and after each ping's answer, the
   *     next ping is sent; positive
   * @param pongTimeout how long to wait for a frame after a ping before closing; positive
   * @return a new policy
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if an argument is zero or negative
   */
  public ConnectionPolicy withHeartbeat(Duration pingInterval, Duration pongTimeout) {
    return new ConnectionPolicy(idleTimeoutNanos,
        Durations.requirePositive("pingInterval", pingInterval),
        Durations.requirePositive("pongTimeout", pongTimeout));
  }

  /**
   * Returns the idle timeout.
   *
   * @return nanoseconds, or 0 when connections never expire for idleness
   */
  public long idleTimeoutNanos() {
    return idleTimeoutNanos;
  }

  /**
   * Returns the heartbeat's ping interval.
   *
   * @return nanoseconds, or 0 when there is no heartbeat
   */
  public long pingIntervalNanos() {
    return pingIntervalNanos;
  }

  /**
   * Returns how long a ping waits for an answer.
   *
   * @return nanoseconds, or 0 when there is no heartbeat
   */
  public long pongTimeoutNanos() {
    return pongTimeoutNanos;
  }

  /**
   * Tells whether the policy watches connections at all.
   *
   * @return true when it has an idle timeout or a heartbeat
   */
  public boolean watches() {
    return idleTimeoutNanos > 0 || pingIntervalNanos > 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectionPolicy p && p.idleTimeoutNanos == idleTimeoutNanos
        && p.pingIntervalNanos == pingIntervalNanos && p.pongTimeoutNanos == pongTimeoutNanos;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(idleTimeoutNanos) * 31 * 31 + Long.hashCode(pingIntervalNanos) * 31
        + Long.hashCode(pongTimeoutNanos);
  }

  /**
   * Returns a description, such as {@code ConnectionPolicy[idle=PT1H, ping=PT30S, pong=PT10S]}.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return "ConnectionPolicy[idle=" + describe(idleTimeoutNanos) + ", ping=" + describe(pingIntervalNanos)
        + ", pong=" + describe(pongTimeoutNanos) + "]";
  }

  private static String describe(long nanos) {
    return nanos == 0 ? "none" : Duration.ofNanos(nanos).toString();
  }
}
