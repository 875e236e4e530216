package dev.bulwark.http;

import java.util.Objects;

/**
 * Holds the {@link Edge} an adapter serves, and lets it be replaced while the server runs: a hot
 * reload of the configuration builds a new edge and {@link #replace replaces} the old one in one
 * atomic step. Adapters read {@link #current()} once per request (one volatile read, nothing
 * else), so each request runs wholly on one edge: an exchange begun on the old edge finishes on
 * its routes (its permits go back to the old edge's limiters), and every request begun after
 * {@code replace} returns runs on the new one.
 *
 * <p>What keeps its state across a replacement is up to whoever builds the new edge: limiters and
 * breakers given to routes ready-made ({@link RateLimitGate#of(dev.bulwark.ratelimit.KeyedRateLimiter)},
 * {@link BreakerGate#of(dev.bulwark.circuitbreaker.CircuitBreaker)}) are shared by both edges and
 * keep their counts; those an edge builds from limits or a breaker configuration start fresh. The
 * config module's {@code ReloadingConfig} keeps those whose settings did not change.
 *
 * <p>Thread-safe.
 */
public final class ReloadableEdge {

  private volatile Edge edge;

  private ReloadableEdge(Edge edge) {
    this.edge = edge;
  }

  /**
   * Holds an edge.
   *
   * @param initial the edge to serve until the first replacement
   * @return the holder
   * @throws NullPointerException if {@code initial} is null
   */
  public static ReloadableEdge of(Edge initial) {
    return new ReloadableEdge(Objects.requireNonNull(initial, "initial"));
  }

  /**
   * Returns the edge that new requests run on.
   *
   * @return the edge last given to {@link #of} or {@link #replace}
   */
  public Edge current() {
    return edge;
  }

  /**
   * Runs the gates of the current edge for one request: {@code current().begin(request)}.
   *
   * @param request the request view
   * @return the exchange, bound to the edge that began it
   * @throws NullPointerException if {@code request} is null
   */
  public EdgeExchange begin(EdgeRequest request) {
    return edge.begin(request);
  }

  /**
   * Makes {@code next} the edge of every request that begins from now on. Requests in flight
   * finish on the edge they began on.
   *
   * @param next the new edge
   * @return the edge replaced
   * @throws NullPointerException if {@code next} is null
   */
  public synchronized Edge replace(Edge next) {
    Objects.requireNonNull(next, "next");
    Edge previous = edge;
    edge = next;
    return previous;
  }

  /**
   * Returns a description for logs.
   *
   * @return {@code ReloadableEdge[}the current edge{@code ]}
   */
  @Override
  public String toString() {
    return "ReloadableEdge[" + edge + "]";
  }
}
