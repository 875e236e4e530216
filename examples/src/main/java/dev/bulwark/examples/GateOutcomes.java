package dev.bulwark.examples;

import dev.bulwark.http.EdgeEvent;
import dev.bulwark.http.EdgeListener;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The demo edge's {@link EdgeListener}: passes every event on to the metrics listener, and counts
 * each request a gate answers (429, 503, 400, 413, 415, CORS) in the {@link DemoApp}'s route
 * counters, on the app's route for the event's method and path ({@link DemoApp#routeKey}), so that
 * {@code /api/state} and the dashboard show rejections as well as the handler's answers. The edge
 * reports a gate's answer before the adapter writes it, so the count is there before the client
 * sees the response. Admitted requests are counted by the server when it writes the handler's
 * response, so their events are only passed on.
 *
 * <p>Thread-safe.
 */
final class GateOutcomes implements EdgeListener {

  private final EdgeListener metrics;
  private volatile @Nullable DemoApp app;

  GateOutcomes(EdgeListener metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * Sets the app whose counters receive the rejections; until then they are only passed on.
   *
   * @throws IllegalStateException if an app was already attached
   */
  void attach(DemoApp target) {
    Objects.requireNonNull(target, "target");
    if (app != null) {
      throw new IllegalStateException("an app was already attached");
    }
    app = target;
  }

  @Override
  public void onEvent(EdgeEvent event) {
    metrics.onEvent(event);
    DemoApp target = app;
    if (target != null && event instanceof EdgeEvent.RequestFinished finished && finished.gate() != null) {
      String key = target.routeKey(finished.method(), finished.path());
      if (key != null) {
        target.record(key, finished.status());
      }
    }
  }
}
