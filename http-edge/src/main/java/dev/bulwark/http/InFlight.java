package dev.bulwark.http;

import dev.bulwark.core.internal.Durations;
import dev.bulwark.core.internal.OwnedCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An edge's in-flight work (admitted requests not yet finished, and open long-lived connections)
 * and its drain state.
 *
 * <h2>Why drain cannot miss a request</h2>
 * An admission counts itself in ({@link #enter()}) and only then reads {@link #draining}; a drain
 * writes {@code draining} and only then reads the count. Both are sequentially consistent (the
 * adder's cells are written with CAS, the flag is volatile), so either the admission sees the drain
 * and backs out ({@link #exit()}), or the drain's count includes it. Every exit that happens while
 * draining checks the count, and the one that takes it to zero opens the latch the drain waits on.
 *
 * <h2>Cost</h2>
 * Per request: an increment and a decrement of an {@link OwnedCounter} (a volatile write to a cell
 * the thread owns, else a {@code LongAdder} update) and two volatile reads; no lock and no
 * allocation once the counter's cells are owned. A {@code LongAdder} alone cost a cache-line
 * transfer per update here, its cells being shared by the server threads of both cores. Connections are also kept in a set, so
 * that a drain can tell them to go away: a map insert and remove per connection, nothing per
 * message.
 *
 * <h2>A route's share</h2>
 * With {@link EdgeBuilder#routeStatistics()} each route gets its own {@code InFlight} made by
 * {@link #forRoute}: it passes everything on to the edge's and also counts the route's requests in
 * and out of its {@link RouteStatistics}. Without it every route shares the edge's, so the
 * statistics cost nothing when not chosen. {@link #count()} and {@link #drain} are the edge's: only
 * {@link Edge} calls them, on its own.
 */
final class InFlight {

  private static final Logger LOG = LoggerFactory.getLogger(Edge.class);

  private final OwnedCounter count = new OwnedCounter();
  private final Set<EdgeConnection> connections = ConcurrentHashMap.newKeySet();
  private final CountDownLatch drained = new CountDownLatch(1);
  private volatile boolean draining;
  /** Set when a drain's deadline passed: a connection that opens afterwards is told to go away at once. */
  private volatile boolean deadlinePassed;
  /** The edge's in-flight work when this is a route's share, else null. */
  private final @Nullable InFlight edge;
  /** The route's statistics when this is a route's share, else null. */
  final @Nullable RouteStatistics statistics;

  /** The in-flight work of a whole edge. */
  InFlight() {
    this.edge = null;
    this.statistics = null;
  }

  private InFlight(InFlight edge, RouteStatistics statistics) {
    this.edge = edge;
    this.statistics = statistics;
  }

  /**
   * Returns a route's share of this edge's in-flight work, counting into the route's statistics.
   *
   * @param route the route's name
   */
  InFlight forRoute(String route) {
    return new InFlight(this, new RouteStatistics(route));
  }

  /** Counts an admission in; the caller then checks {@link #draining()} and backs out if set. */
  void enter() {
    InFlight e = edge;
    if (e != null) {
      Objects.requireNonNull(statistics).enter();
      e.enter();
      return;
    }
    count.addVolatile(1);
  }

  /** Counts a finished request (or a closed connection) out. */
  void exit() {
    InFlight e = edge;
    if (e != null) {
      Objects.requireNonNull(statistics).exit();
      e.exit();
      return;
    }
    count.addVolatile(-1);
    if (draining && count.sum() <= 0) {
      drained.countDown();
    }
  }

  boolean draining() {
    InFlight e = edge;
    return e != null ? e.draining() : draining;
  }

  long count() {
    return Math.max(0, count.sum());
  }

  /** Registers an open connection; counted in already by its exchange's admission. */
  void opened(EdgeConnection connection) {
    InFlight e = edge;
    if (e != null) {
      e.opened(connection);
      return;
    }
    connections.add(connection);
    // An upgrade admitted before a drain whose deadline then passed before the upgrade completed:
    // the drain's list may have missed it, so it goes away now (told once, whoever sees it first).
    if (deadlinePassed) {
      tell(connection);
    }
  }

  /** Releases a closed connection's permit and counts it out. */
  void closed(EdgeConnection connection, Runnable release) {
    InFlight e = edge;
    if (e != null) {
      try {
        e.closed(connection, release);
      } finally {
        Objects.requireNonNull(statistics).exit();
      }
      return;
    }
    connections.remove(connection);
    try {
      release.run();
    } finally {
      exit();
    }
  }

  /**
   * Starts draining (once; later calls join) and waits until nothing is in flight or the deadline
   * passes, then tells the open connections left to go away.
   */
  DrainResult drain(Duration deadline) throws InterruptedException {
    long nanos = Durations.requireNonNegative("deadline", deadline);
    draining = true;
    if (count.sum() <= 0) {
      drained.countDown();
    }
    if (drained.await(nanos, TimeUnit.NANOSECONDS)) {
      return new DrainResult(true, 0, 0);
    }
    deadlinePassed = true;
    List<EdgeConnection> open = new ArrayList<>(connections);
    int told = 0;
    for (EdgeConnection c : open) {
      if (c.isOpen() && tell(c)) {
        told++;
      }
    }
    return new DrainResult(false, Math.max(0, count() - told), told);
  }

  /** Tells a connection to go away (once); false if it was told already or failing to close it threw. */
  private static boolean tell(EdgeConnection c) {
    try {
      return c.goAway();
    } catch (RuntimeException e) {
      LOG.warn("Closing {} at the drain deadline failed", c, e);
      return false;
    }
  }
}
