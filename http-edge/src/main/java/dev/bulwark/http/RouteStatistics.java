package dev.bulwark.http;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The live counts of one route of an {@link Edge} built with {@link EdgeBuilder#routeStatistics()},
 * read through {@link EdgeRoute#statistics()}: the responses by status, the requests its gates
 * admitted and the ones a gate refused (by gate), and the requests in flight now. Counting starts
 * when the edge is built; an edge built again (such as a {@link ReloadableEdge}'s next one) counts
 * from zero.
 *
 * <ul>
 *   <li>A refusal is counted when the edge renders it, before the adapter writes it: once a client
 *       has a refusal, its count is there.
 *   <li>An admitted request is counted when its exchange finishes
 *       ({@link EdgeExchange#complete(int)}, {@code fail}, {@code cancel} or {@code upgrade}),
 *       which adapters do as they write (or after they wrote) the response: the count may follow the
 *       client's receipt of the response by a moment.
 *   <li>Statuses are those the client got: the application's status for an admitted request
 *       (500 for a failed one, 101 for an upgrade, none for a cancelled one), the refusal's for a
 *       refused one, and 204 for a CORS preflight the edge answers itself, which is counted among
 *       the statuses only (it is neither admitted nor refused).
 *   <li>In flight: admitted requests not yet finished, and upgraded connections still open.
 * </ul>
 *
 * <p>Thread-safe and lock-free: requests are counted with {@link LongAdder}s and two
 * {@link AtomicLongArray}s of 500 slots (statuses 100 to 599; the application's answers and the
 * edge's), so memory is fixed (about 8 KiB a route) however many requests come. Each getter reads the counts now; counts read one after another while requests go
 * on need not add up exactly. Nothing here is allocated per request.
 */
public final class RouteStatistics {

  private static final int FIRST_STATUS = 100;
  private static final int LAST_STATUS = 599;

  private final String route;
  /** The statuses of admitted requests, as the application answered them. */
  private final AtomicLongArray admittedStatuses = new AtomicLongArray(LAST_STATUS - FIRST_STATUS + 1);
  /** The statuses of the answers the edge gave itself: refusals and preflights. */
  private final AtomicLongArray edgeStatuses = new AtomicLongArray(LAST_STATUS - FIRST_STATUS + 1);
  private final LongAdder admitted = new LongAdder();
  private final EnumMap<EdgeGate, LongAdder> refused = new EnumMap<>(EdgeGate.class);
  private final LongAdder inFlight = new LongAdder();

  RouteStatistics(String route) {
    this.route = Objects.requireNonNull(route, "route");
    for (EdgeGate gate : EdgeGate.values()) {
      refused.put(gate, new LongAdder());
    }
  }

  /** Counts an admitted request in. */
  void enter() {
    inFlight.increment();
  }

  /** Counts an admitted request (or an upgraded connection) out. */
  void exit() {
    inFlight.decrement();
  }

  /** Counts an admitted request's end; {@code status} 0 (cancelled) counts no status. */
  void finished(int status) {
    admitted.increment();
    count(admittedStatuses, status);
  }

  /** Counts an answer of the edge: a refusal (status 400 or more) or a preflight's 204. */
  void answered(EdgeGate gate, int status) {
    if (status >= 400) {
      Objects.requireNonNull(refused.get(gate)).increment();
    }
    count(edgeStatuses, status);
  }

  private static void count(AtomicLongArray statuses, int status) {
    if (status >= FIRST_STATUS && status <= LAST_STATUS) {
      statuses.incrementAndGet(status - FIRST_STATUS);
    }
  }

  /**
   * Returns the route's name.
   *
   * @return the name, as {@link EdgeRoute#name()} gives it
   */
  public String route() {
    return route;
  }

  /**
   * Returns the requests the gates admitted that have finished: answered, failed, cancelled or
   * upgraded. Requests still in flight are not counted yet.
   *
   * @return a count, at least 0
   */
  public long admitted() {
    return admitted.sum();
  }

  /**
   * Returns the requests a gate refused, whichever gate.
   *
   * @return a count, at least 0
   */
  public long refused() {
    long sum = 0;
    for (LongAdder r : refused.values()) {
      sum += r.sum();
    }
    return sum;
  }

  /**
   * Returns the requests one gate refused. A gate in shadow mode refuses nothing.
   *
   * @param gate the gate; {@link EdgeGate#DRAINING} counts the requests refused while the edge
   *     drains, {@link EdgeGate#VALIDATION} also the malformed ones an adapter reported through
   *     {@link Edge#protocolError} (on the default route)
   * @return a count, at least 0
   * @throws NullPointerException if {@code gate} is null
   */
  public long refused(EdgeGate gate) {
    return Objects.requireNonNull(refused.get(Objects.requireNonNull(gate, "gate"))).sum();
  }

  /**
   * Returns how many responses had a status.
   *
   * @param status an HTTP status
   * @return a count, at least 0; 0 for a status outside 100 to 599
   */
  public long responses(int status) {
    if (status < FIRST_STATUS || status > LAST_STATUS) {
      return 0;
    }
    return admittedStatuses.get(status - FIRST_STATUS) + edgeStatuses.get(status - FIRST_STATUS);
  }

  /**
   * Returns the count of each status seen so far.
   *
   * @return an unmodifiable map in ascending status order, without statuses never seen; a new map
   *     per call (this one call allocates)
   */
  public Map<Integer, Long> statuses() {
    return seen(admittedStatuses, edgeStatuses);
  }

  /**
   * Returns the count of each status of the answers the edge gave itself: its refusals and the CORS
   * preflights it answered, without the application's answers. A part of {@link #statuses()}, for
   * one that counts the application's answers on its own (as they are written, before the edge
   * hears of them).
   *
   * @return an unmodifiable map in ascending status order, without statuses never seen; a new map
   *     per call
   */
  public Map<Integer, Long> edgeStatuses() {
    return seen(edgeStatuses, null);
  }

  private static Map<Integer, Long> seen(AtomicLongArray statuses, @Nullable AtomicLongArray more) {
    TreeMap<Integer, Long> seen = new TreeMap<>();
    for (int i = 0; i < statuses.length(); i++) {
      long n = statuses.get(i) + (more == null ? 0 : more.get(i));
      if (n != 0) {
        seen.put(i + FIRST_STATUS, n);
      }
    }
    return Collections.unmodifiableMap(seen);
  }

  /**
   * Returns the admitted requests not yet finished and the upgraded connections still open.
   *
   * @return a count, at least 0
   */
  public long inFlight() {
    return Math.max(0, inFlight.sum());
  }

  @Override
  public String toString() {
    return "RouteStatistics[" + route + ", admitted=" + admitted() + ", refused=" + refused() + ", inFlight="
        + inFlight() + ", statuses=" + statuses() + "]";
  }
}
