package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.SlidingWindow;
import dev.bulwark.core.Backoff;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@link CircuitBreakerConfig}; every key is the {@link CircuitBreakerConfig.Builder}
 * method of the same name. {@code slidingWindow} is {@code {calls: 100}} or
 * {@code {time: 60s, bucket: 1s}} (bucket optional, default one second), and {@code openBackoff}
 * a backoff as read by {@link BackoffSection}.
 */
final class BreakerSection {

  static final List<String> KEYS = List.of(
      "consecutiveFailures", "slidingWindow", "minimumCalls", "failureRateThreshold",
      "slowCallRateThreshold", "slowCallDurationThreshold", "successThreshold", "maxHalfOpenCalls",
      "openDuration", "openBackoff", "maxWaitInHalfOpen", "recordRejections");
  static final List<String> WINDOW_KEYS = List.of("calls", "time", "bucket");

  private BreakerSection() {}

  static @Nullable CircuitBreakerConfig read(JsonNode node, String path, Problems problems) {
    Fields f = Fields.open(node, path, problems, KEYS);
    if (f == null) {
      return null;
    }
    CircuitBreakerConfig.Builder b = CircuitBreakerConfig.builder();
    f.apply("consecutiveFailures", Values::integer, b::consecutiveFailures);
    Fields window = f.object("slidingWindow", WINDOW_KEYS);
    if (window != null) {
      SlidingWindow w = window(window);
      if (w != null) {
        b.slidingWindow(w);
      }
    }
    f.apply("minimumCalls", Values::integer, b::minimumCalls);
    f.apply("failureRateThreshold", Values::number, b::failureRateThreshold);
    f.apply("slowCallRateThreshold", Values::number, b::slowCallRateThreshold);
    f.apply("slowCallDurationThreshold", Values::duration, b::slowCallDurationThreshold);
    f.apply("successThreshold", Values::integer, b::successThreshold);
    f.apply("maxHalfOpenCalls", Values::integer, b::maxHalfOpenCalls);
    f.apply("openDuration", Values::duration, b::openDuration);
    if (f.has("openBackoff")) {
      Backoff backoff = BackoffSection.read(f.node("openBackoff"), f.path("openBackoff"), problems);
      if (backoff != null) {
        b.openBackoff(backoff);
      }
    }
    f.apply("maxWaitInHalfOpen", Values::duration, b::maxWaitInHalfOpen);
    f.apply("recordRejections", Values::bool, b::recordRejections);
    return f.build(b::build);
  }

  private static @Nullable SlidingWindow window(Fields w) {
    Integer calls = w.get("calls", Values::integer);
    Duration time = w.get("time", Values::duration);
    Duration bucket = w.get("bucket", Values::duration);
    if (w.has("calls") == w.has("time")) {
      w.reportHere("set either calls or time");
      return null;
    }
    if (calls != null) {
      if (w.has("bucket")) {
        w.report("bucket", "applies only to a time window");
        return null;
      }
      return w.build(() -> SlidingWindow.ofCalls(calls));
    }
    if (time == null) {
      return null;
    }
    return w.build(() -> bucket != null ? SlidingWindow.ofTime(time, bucket) : SlidingWindow.ofTime(time));
  }
}
