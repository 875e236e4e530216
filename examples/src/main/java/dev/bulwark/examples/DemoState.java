package dev.bulwark.examples;

/**
 * A source of the live protection state that {@code GET /api/state} and the dashboard show: the
 * edge's rate limiters, concurrency limiters and breakers. {@link DemoApp} adds what it owns (the
 * chat breaker, the routes' counters, the upstream's settings) and asks the {@code DemoState} given
 * to {@link DemoApp.Builder#state} for the rest.
 *
 * <pre>{@code
 * DemoState edge = () -> new StateSnapshot(
 *     List.of(),
 *     List.of(new LimiterView("search", "30/minute", "per client IP", search.trackedKeys(),
 *         searchCounts.permitted(), searchCounts.rejected())),
 *     List.of(new GaugeView("stream", "per client IP", stream.inFlight(), stream.maxTotal())));
 * }</pre>
 *
 * <p>Called once per {@code /api/state} request, from any thread: implementations must be
 * thread-safe and cheap (no I/O).
 */
@FunctionalInterface
public interface DemoState {

  /**
   * Describes the state now.
   *
   * @return a snapshot; values may be read one after another while requests go on
   */
  StateSnapshot snapshot();

  /**
   * Returns the state of nothing, the default of {@link DemoApp.Builder#state}.
   *
   * @return a state that always reports {@link StateSnapshot#EMPTY}
   */
  static DemoState none() {
    return () -> StateSnapshot.EMPTY;
  }
}
