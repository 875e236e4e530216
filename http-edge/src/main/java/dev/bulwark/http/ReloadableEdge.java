package dev.bulwark.http;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

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
 * <p>What follows the edge besides the adapters (meters of its limiters and breakers, an error
 * handler that renders with it) either reads {@link #current()} when it needs the edge, or
 * {@linkplain #subscribe subscribes} to be told of each replacement. Subscribers cost nothing on
 * the request path: they run only in {@link #replace}.
 *
 * <p>Thread-safe.
 */
public final class ReloadableEdge {

  private volatile Edge edge;
  /** One entry per subscription (identity: a listener subscribed twice has two). */
  private final CopyOnWriteArrayList<Subscriber> listeners = new CopyOnWriteArrayList<>();

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
   * finish on the edge they began on. Then tells each {@linkplain #subscribe subscriber}, in the
   * order they subscribed, on this thread; replacements are serialized, so subscribers see them one
   * at a time and in order. A subscriber that throws is logged ({@code event=reload_listener_failed},
   * WARN, logger {@code dev.bulwark.http}) and the others are still told: the replacement stands.
   *
   * @param next the new edge
   * @return the edge replaced
   * @throws NullPointerException if {@code next} is null
   */
  public synchronized Edge replace(Edge next) {
    Objects.requireNonNull(next, "next");
    Edge previous = edge;
    edge = next;
    for (Subscriber subscriber : listeners) {
      ReplaceListener listener = subscriber.listener;
      try {
        listener.replaced(previous, next);
      } catch (RuntimeException e) {
        EdgeEvents.LOG.atWarn()
            .setMessage("reload listener {} threw; the edge was replaced all the same")
            .addArgument(listener)
            .addKeyValue("event", "reload_listener_failed")
            .addKeyValue("listener", String.valueOf(listener))
            .setCause(e)
            .log();
      }
    }
    return previous;
  }

  /**
   * Calls {@code listener} after each later {@link #replace}, until the returned subscription is
   * closed. The listener runs on the thread that replaces the edge, after the swap (requests
   * beginning then already run on the new edge), while further replacements wait: it should be
   * quick, and must not call {@code replace} itself. A listener subscribed twice is called twice.
   * Never called for the edge held when subscribing: read {@link #current()} for that.
   *
   * @param listener told of each replacement
   * @return closing it stops the calls (a replacement already under way may still call it once);
   *     closing it again does nothing
   * @throws NullPointerException if {@code listener} is null
   */
  public Subscription subscribe(ReplaceListener listener) {
    Objects.requireNonNull(listener, "listener");
    Subscriber subscriber = new Subscriber(listener);
    listeners.add(subscriber);
    return () -> listeners.remove(subscriber);
  }

  /** One subscription's entry; compared by identity, so closing removes exactly this one. */
  private static final class Subscriber {

    final ReplaceListener listener;

    Subscriber(ReplaceListener listener) {
      this.listener = listener;
    }
  }

  /** Told of each replacement of the edge: see {@link ReloadableEdge#subscribe}. */
  @FunctionalInterface
  public interface ReplaceListener {
    /**
     * Called once per replacement, after it.
     *
     * @param previous the edge replaced (requests in flight on it may still be finishing)
     * @param next the edge new requests run on
     */
    void replaced(Edge previous, Edge next);
  }

  /** A {@linkplain ReloadableEdge#subscribe subscription}; closing it is idempotent and never throws. */
  public interface Subscription extends AutoCloseable {
    /** Stops the calls to the listener. */
    @Override
    void close();
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
