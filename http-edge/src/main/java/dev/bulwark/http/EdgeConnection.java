package dev.bulwark.http;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A long-lived connection (an upgraded WebSocket) that holds its route's concurrency permit, per
 * client key and in total, for as long as it is open. Made by {@link EdgeExchange#upgrade}; the
 * adapter calls {@link #close()} when the connection has closed, on either side and for any
 * reason (a close handshake, the client gone, idle expiry, a missed heartbeat, an exception).
 *
 * <p>Releasing is one compare-and-set: {@link #close()} releases the permit exactly once, whatever
 * threads race, and counts the connection out of the edge's in-flight work ({@link Edge#drain}).
 * Holding the permit costs nothing per message: nothing is done between upgrade and close.
 *
 * <p>Thread-safe.
 */
public final class EdgeConnection {

  private static final VarHandle CLOSED;
  private static final VarHandle TOLD;

  static {
    try {
      CLOSED = MethodHandles.lookup().findVarHandle(EdgeConnection.class, "closed", boolean.class);
      TOLD = MethodHandles.lookup().findVarHandle(EdgeConnection.class, "told", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String routeName;
  private final ConnectionPolicy policy;
  private final Runnable release;
  private final InFlight inFlight;
  private final Runnable goAway;

  @SuppressWarnings("unused") // accessed through CLOSED
  private volatile boolean closed;
  @SuppressWarnings("unused") // accessed through TOLD
  private volatile boolean told;

  EdgeConnection(String routeName, ConnectionPolicy policy, Runnable release, InFlight inFlight,
      Runnable goAway, boolean closed) {
    this.routeName = routeName;
    this.policy = policy;
    this.release = release;
    this.inFlight = inFlight;
    this.goAway = goAway;
    this.closed = closed;
  }

  /**
   * Returns the name of the route that admitted the upgrade.
   *
   * @return the route name
   */
  public String routeName() {
    return routeName;
  }

  /**
   * Returns how the adapter watches this connection: its route's idle expiry and heartbeat.
   *
   * @return the route's policy; {@link ConnectionPolicy#none()} when it sets none
   */
  public ConnectionPolicy policy() {
    return policy;
  }

  /**
   * Tells whether the connection still holds its permit.
   *
   * @return false once {@link #close()} has run
   */
  public boolean isOpen() {
    return !closed;
  }

  /**
   * Notes that the connection has closed: releases the concurrency permit and counts the
   * connection out of the edge's in-flight work. Idempotent: only the first call (from any thread)
   * does anything.
   */
  public void close() {
    if (CLOSED.compareAndSet(this, false, true)) {
      inFlight.closed(this, release);
    }
  }

  /**
   * Runs the adapter's going-away action, once, when a drain's deadline passes (or when the
   * connection opens after it passed); tells whether it ran now.
   */
  boolean goAway() {
    if (!closed && TOLD.compareAndSet(this, false, true)) {
      goAway.run();
      return true;
    }
    return false;
  }

  @Override
  public String toString() {
    return "EdgeConnection[" + routeName + (closed ? ", closed" : ", open") + "]";
  }
}
