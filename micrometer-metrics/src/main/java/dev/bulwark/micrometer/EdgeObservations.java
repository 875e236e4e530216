package dev.bulwark.micrometer;

import dev.bulwark.http.EdgeEvent;
import dev.bulwark.http.EdgeGate;
import dev.bulwark.http.EdgeListener;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reports an {@link dev.bulwark.http.Edge}'s decisions as Micrometer {@link Observation}s, so that a
 * tracing bridge (such as {@code micrometer-tracing-bridge-otel}) turns each into a span. Set it as
 * (or call it from) the edge's listener; tracing is off unless you do, and an edge without a listener
 * builds no event at all.
 *
 * <pre>{@code
 * EdgeObservations tracing = EdgeObservations.of(observationRegistry);
 * EdgeMetrics metrics = EdgeMetrics.create();
 * Edge edge = Edge.builder().listener(event -> {
 *   metrics.onEvent(event);
 *   tracing.onEvent(event);
 * }).route(...).build();
 * }</pre>
 *
 * <h2>What is observed</h2>
 * <ul>
 *   <li>{@value #REQUEST}: one per request, when the edge reports it finished
 *       ({@link EdgeEvent.RequestFinished}). Low-cardinality key values {@value #ROUTE},
 *       {@value #OUTCOME} (the {@link dev.bulwark.http.EdgeOutcome} in lower case), {@value #GATE}
 *       (the gate that answered, or {@code none} for an admitted request), {@value #STATUS} and
 *       {@value #METHOD}; high-cardinality {@value #PATH} (the routed path) and
 *       {@value #DURATION_NANOS} (the edge's own measure of the request: see below).
 *   <li>{@value #SHADOW_REJECTED}: one per would-be refusal of a gate in shadow mode
 *       ({@link EdgeEvent.ShadowRejected}), with {@value #ROUTE}, {@value #GATE} and
 *       {@value #STATUS} (the status the refusal would have had) low-cardinality and {@value #PATH}
 *       high-cardinality.
 * </ul>
 * Violations ({@link EdgeEvent.ViolationFound}) are not observed: their codes are counted by
 * {@link EdgeMetrics}. The client address and key are never put on an observation.
 *
 * <h2>Timing</h2>
 * The edge reports a request once, when it ends, so each observation is started and stopped when
 * the event arrives, on the thread that reports it: a span marks the edge's decision, and the time
 * the edge measured is its {@value #DURATION_NANOS} value. Each observation takes the registry's
 * current observation as its parent, so inside a server observation (a framework's
 * {@code http.server.requests}) the edge's spans are its children.
 *
 * <p>With a {@linkplain ObservationRegistry#isNoop() no-op registry} every event is ignored at the
 * cost of one check. Immutable and thread-safe.
 */
// http-edge is an optional module (`requires static`): whoever uses this class has an Edge.
@SuppressWarnings("exports")
public final class EdgeObservations implements EdgeListener {

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
   * Reports {@code event} as an observation, as the class describes; a
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
      Observation.createNotStarted(REQUEST, registry)
          .contextualName("bulwark edge " + finished.route())
          .lowCardinalityKeyValue(ROUTE, finished.route())
          .lowCardinalityKeyValue(OUTCOME, Meters.value(finished.outcome()))
          .lowCardinalityKeyValue(GATE, gate(finished.gate()))
          .lowCardinalityKeyValue(STATUS, Integer.toString(finished.status()))
          .lowCardinalityKeyValue(METHOD, finished.method())
          .highCardinalityKeyValue(PATH, finished.path())
          .highCardinalityKeyValue(DURATION_NANOS, Long.toString(finished.durationNanos()))
          .start()
          .stop();
    } else if (event instanceof EdgeEvent.ShadowRejected shadow) {
      Observation.createNotStarted(SHADOW_REJECTED, registry)
          .contextualName("bulwark shadow " + Meters.value(shadow.gate()))
          .lowCardinalityKeyValue(ROUTE, shadow.route())
          .lowCardinalityKeyValue(GATE, Meters.value(shadow.gate()))
          .lowCardinalityKeyValue(STATUS, Integer.toString(shadow.status()))
          .highCardinalityKeyValue(PATH, shadow.path())
          .start()
          .stop();
    }
  }

  private static String gate(@Nullable EdgeGate gate) {
    return gate == null ? NONE : Meters.value(gate);
  }
}
