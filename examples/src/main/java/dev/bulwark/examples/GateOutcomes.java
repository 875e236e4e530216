package dev.bulwark.examples;

import dev.bulwark.http.EdgeListener;
import dev.bulwark.http.EdgeOutcome;
import dev.bulwark.validation.Violation;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The demo edge's {@link EdgeListener}: passes every call on to the metrics listener, and counts
 * each request a gate answers (429, 503, 400, 413, 415, CORS) in the {@link DemoApp}'s route
 * counters, so that {@code /api/state} and the dashboard show rejections as well as the handler's
 * answers. Admitted requests are counted by the server when it writes the handler's response.
 *
 * <h2>How a rejection finds its route</h2>
 * The listener is told the edge route's name, but the app counts by its own route key
 * ({@code "GET /api/search"}), and a file given with {@code --config} may name routes otherwise.
 * So the server computes the key ({@link DemoApp#routeKey}) before the edge runs and holds it in a
 * thread-local for the duration of the call that runs the gates ({@link #enter} / {@link #exit}):
 * the edge reports a gate's answer on the thread that called {@code Edge.begin} (or
 * {@code EdgeExchange.checkBody}), before the adapter writes it, so the count is there before the
 * client sees the response. Outcomes of admitted requests ({@code ADMITTED}, {@code FAILED},
 * {@code CANCELLED}) are only passed on.
 *
 * <p>Thread-safe.
 */
final class GateOutcomes implements EdgeListener {

  private final EdgeListener metrics;
  private final ThreadLocal<@Nullable String> routeKey = new ThreadLocal<>();
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

  /** Marks the current thread as running the gates of a request for {@code key} (null: unknown route). */
  void enter(@Nullable String key) {
    routeKey.set(key);
  }

  /** Ends what {@link #enter} began; call it in a {@code finally}. */
  void exit() {
    routeKey.remove();
  }

  @Override
  public void requestFinished(String route, EdgeOutcome outcome, int status) {
    metrics.requestFinished(route, outcome, status);
    if (outcome == EdgeOutcome.ADMITTED || outcome == EdgeOutcome.FAILED || outcome == EdgeOutcome.CANCELLED) {
      return;
    }
    DemoApp target = app;
    String key = routeKey.get();
    if (target != null && key != null) {
      target.record(key, status);
    }
  }

  @Override
  public void violation(String route, Violation.Code code) {
    metrics.violation(route, code);
  }
}
