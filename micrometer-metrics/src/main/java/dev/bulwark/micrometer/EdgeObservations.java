package dev.bulwark.micrometer;

import dev.bulwark.http.EdgeEvent;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.EdgeGate;
import dev.bulwark.http.EdgeListener;
import dev.bulwark.http.EdgeSpan;
import dev.bulwark.http.EdgeTracer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reports an {@link dev.bulwark.http.Edge}'s requests as Micrometer {@link Observation}s, so that a
 * tracing bridge (such as {@code micrometer-tracing-bridge-otel}) turns each into a span. Set it as
 * the edge's tracer: each request's observation then starts when the request begins and stops when
 * it ends, so its span covers the gates and the handler, and the handler's own observations are its
 * children. Tracing is off unless you set it.
 *
 * <pre>{@code
 * Edge edge = Edge.builder()
 *     .tracer(EdgeObservations.of(observationRegistry))
 *     .listener(EdgeMetrics.create())
 *     .route(...).build();
 * }</pre>
 *
 * <h2>What is observed</h2>
 * <ul>
 *   <li>{@value #REQUEST}: one per request. Started when the edge begins the request
 *       ({@link EdgeTracer#start}) with the low-cardinality key values {@value #ROUTE} and
 *       {@value #METHOD} and the high-cardinality {@value #PATH} (the routed path); when the request
 *       ends ({@link EdgeSpan#end}) {@value #OUTCOME} (the {@link dev.bulwark.http.EdgeOutcome} in
 *       lower case), {@value #GATE} (the gate that answered, or {@code none} for an admitted
 *       request) and {@value #STATUS} are added, low-cardinality, and the high-cardinality
 *       {@value #DURATION_NANOS} (the edge's own measure of the request, on its ticker), and it is
 *       stopped.
 *   <li>{@value #SHADOW_REJECTED}: one per would-be refusal of a gate in shadow mode
 *       ({@link EdgeEvent.ShadowRejected}), a child of its request's observation, started and stopped
 *       at once, with {@value #ROUTE}, {@value #GATE} and {@value #STATUS} (the status the refusal
 *       would have had) low-cardinality and {@value #PATH} high-cardinality.
 * </ul>
 * Violations ({@link EdgeEvent.ViolationFound}) are not observed: their codes are counted by
 * {@link EdgeMetrics}. The client address and key are never put on an observation.
 *
 * <h2>Parents and the current observation</h2>
 * A request's observation takes the registry's current observation when the request begins as its
 * parent, so inside a server observation (a framework's {@code http.server.requests}) the edge's
 * spans are its children. While the handler runs, the servlet adapter makes the request's
 * observation current on the filter's thread (for an asynchronous handler's other threads, take it
 * with {@link #observation(EdgeExchange)}). The Netty adapter opens no scope, since an event loop
 * serves many requests at once: a Netty handler takes its parent with
 * {@code EdgeObservations.observation(BulwarkHandler.exchange(channel, request))} and passes it to
 * {@link Observation#parentObservation}, or opens {@link EdgeExchange#openScope()} itself around its
 * synchronous work.
 *
 * <h2>As a listener</h2>
 * It is also an {@link EdgeListener}, for an edge that has a listener composed of several but no
 * tracer: then each request's observation is started and stopped when the edge reports it finished
 * ({@link EdgeEvent.RequestFinished}), so a span marks the edge's decision only, and each shadowed
 * refusal is an observation of its own. Use one way or the other for an edge, not both: as tracer
 * and listener each request would be observed twice.
 *
 * <p>With a {@linkplain ObservationRegistry#isNoop() no-op registry} nothing is traced at the cost of
 * one check per request. Immutable and thread-safe.
 */
// http-edge is an optional module (`requires static`): whoever uses this class has an Edge.
@SuppressWarnings("exports")
public final class EdgeObservations implements EdgeListener, EdgeTracer {

  /** The name of a request's observation. */
  public static final String REQUEST = "bulwark.edge.request";

  /** The name of a shadow-mode would-be refusal's observation. */
  public static final String SHADOW_REJECTED = "bulwark.edge.shadow_rejected";

  /** Key of the route's name (low cardinality). */
  public static final String ROUTE = "bulwark.route";

  /** Key of how the request ended (low cardinality). */
  public static final String OUTCOME = "bulwark.outcome";

  /** Key of the gate that answered or would have answered, {@code none} if none (low cardinality). */
  public static final String GATE = "bulwark.gate";

  /** Key of the HTTP status sent, or that a shadowed refusal would have sent (low cardinality). */
  public static final String STATUS = "http.status_code";

  /** Key of the request's method (low cardinality). */
  public static final String METHOD = "http.method";

  /** Key of the routed path (high cardinality). */
  public static final String PATH = "http.path";

  /** Key of the edge's measure of the request, in nanoseconds (high cardinality). */
  public static final String DURATION_NANOS = "bulwark.duration_nanos";

  private static final String NONE = "none";

  private final ObservationRegistry registry;

  private EdgeObservations(ObservationRegistry registry) {
    this.registry = registry;
  }

  /**
   * Returns a listener that reports to {@code registry}.
   *
   * @param registry where the observations go; with {@link ObservationRegistry#NOOP} nothing is
   *     reported
   * @return the listener
   * @throws NullPointerException if {@code registry} is null
   */
  public static EdgeObservations of(ObservationRegistry registry) {
    return new EdgeObservations(Objects.requireNonNull(registry, "registry"));
  }

  /**
   * Reports {@code event} as an observation started and stopped now, for an edge that uses this as
   * (part of) its listener and has no tracer: see "As a listener" in the class description; a
   * {@link EdgeEvent.ViolationFound} is ignored.
   *
   * @param event the edge's event
   */
  @Override
  public void onEvent(EdgeEvent event) {
    if (registry.isNoop()) {
      return;
    }
    if (event instanceof EdgeEvent.RequestFinished finished) {
      stopped(started(finished.route(), finished.method(), finished.path()), finished);
    } else if (event instanceof EdgeEvent.ShadowRejected shadow) {
      shadowRejected(shadow, null);
    }
  }

  /**
   * Starts the observation of a request that begins now, with the registry's current observation
   * as its parent; see the class description.
   *
   * @param route the route's name
   * @param method the request's method
   * @param path the routed path
   * @return the request's span; null with a no-op registry
   */
  @Override
  public @Nullable EdgeSpan start(String route, String method, String path) {
    if (registry.isNoop()) {
      return null;
    }
    return new RequestSpan(started(route, method, path));
  }

  /**
   * Returns the observation of an exchange's request, for a handler that starts its own
   * observations under it where the request's observation is not current (a Netty handler, an
   * asynchronous handler's other threads): pass it to {@link Observation#parentObservation}.
   *
   * @param exchange the exchange, or null (as {@code BulwarkHandler.exchange} may return)
   * @return the request's observation, started and not yet stopped while the exchange is in
   *     progress; null when the exchange is null or rejected, or its edge's tracer is not an
   *     {@code EdgeObservations} with a registry that is not a no-op
   */
  public static @Nullable Observation observation(@Nullable EdgeExchange exchange) {
    EdgeSpan span = exchange == null ? null : exchange.span();
    return span instanceof RequestSpan ? ((RequestSpan) span).observation : null;
  }

  private Observation started(String route, String method, String path) {
    return Observation.createNotStarted(REQUEST, registry)
        .contextualName("bulwark edge " + route)
        .lowCardinalityKeyValue(ROUTE, route)
        .lowCardinalityKeyValue(METHOD, method)
        .highCardinalityKeyValue(PATH, path)
        .start();
  }

  private static void stopped(Observation observation, EdgeEvent.RequestFinished finished) {
    observation
        .lowCardinalityKeyValue(OUTCOME, Meters.value(finished.outcome()))
        .lowCardinalityKeyValue(GATE, gate(finished.gate()))
        .lowCardinalityKeyValue(STATUS, Integer.toString(finished.status()))
        .highCardinalityKeyValue(DURATION_NANOS, Long.toString(finished.durationNanos()))
        .stop();
  }

  private void shadowRejected(EdgeEvent.ShadowRejected shadow, @Nullable Observation parent) {
    Observation observation = Observation.createNotStarted(SHADOW_REJECTED, registry);
    if (parent != null) {
      observation.parentObservation(parent);
    }
    observation.contextualName("bulwark shadow " + Meters.value(shadow.gate()))
        .lowCardinalityKeyValue(ROUTE, shadow.route())
        .lowCardinalityKeyValue(GATE, Meters.value(shadow.gate()))
        .lowCardinalityKeyValue(STATUS, Integer.toString(shadow.status()))
        .highCardinalityKeyValue(PATH, shadow.path())
        .start()
        .stop();
  }

  /** A request's observation, as the edge's span of the request. */
  private final class RequestSpan implements EdgeSpan {
    final Observation observation;

    RequestSpan(Observation observation) {
      this.observation = observation;
    }

    @Override
    public Scope open() {
      Observation.Scope scope = observation.openScope();
      return scope::close;
    }

    @Override
    public void event(EdgeEvent event) {
      if (event instanceof EdgeEvent.ShadowRejected shadow) {
        shadowRejected(shadow, observation);
      }
    }

    @Override
    public void end(EdgeEvent.RequestFinished finished) {
      stopped(observation, finished);
    }
  }

  private static String gate(@Nullable EdgeGate gate) {
    return gate == null ? NONE : Meters.value(gate);
  }
}
