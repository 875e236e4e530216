package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.SlidingWindow;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.internal.Durations;
import dev.bulwark.core.internal.Preconditions;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@link CircuitBreakerConfig}. The trip keys ({@code consecutiveFailures}, or
 * {@code slidingWindow} with {@code minimumCalls}, {@code failureRateThreshold},
 * {@code slowCallRateThreshold} and {@code slowCallDurationThreshold}) become one
 * {@link TripStrategy}; {@code openDuration} (a fixed duration) or {@code openBackoff} (a backoff as
 * read by {@link BackoffSection}) one open-duration {@link Backoff}; the other keys are the
 * {@link CircuitBreakerConfig.Builder} methods of the same name. {@code slidingWindow} is
 * {@code {calls: 100}} or {@code {time: 60s, bucket: 1s}} (bucket optional, default one second).
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
    Integer consecutive = f.get("consecutiveFailures", Values::integer);
    if (consecutive != null) {
      f.attempt("consecutiveFailures", () -> TripStrategy.consecutiveFailures(consecutive));
    }
    Fields windowFields = f.object("slidingWindow", WINDOW_KEYS);
    SlidingWindow window = windowFields != null ? window(windowFields) : null;
    Integer minimumCalls = f.get("minimumCalls", Values::integer);
    if (minimumCalls != null) {
      f.attempt("minimumCalls", () -> Preconditions.requireAtLeastOne("minimumCalls", minimumCalls));
    }
    Double failureRate = percent(f, "failureRateThreshold");
    Double slowRate = percent(f, "slowCallRateThreshold");
    Duration slowerThan = f.get("slowCallDurationThreshold", Values::duration);
    if (slowerThan != null) {
      f.attempt("slowCallDurationThreshold", () -> Durations.requirePositive("slowCallDurationThreshold", slowerThan));
    }
    f.apply("successThreshold", Values::integer, b::successThreshold);
    f.apply("maxHalfOpenCalls", Values::integer, b::maxHalfOpenCalls);
    Duration openDuration = f.get("openDuration", Values::duration);
    Backoff openBackoff = null;
    if (openDuration != null) {
      f.attempt("openDuration", () -> Durations.requireNonNegative("openDuration", openDuration));
    }
    if (f.has("openBackoff")) {
      openBackoff = BackoffSection.read(f.node("openBackoff"), f.path("openBackoff"), problems);
    }
    f.apply("maxWaitInHalfOpen", Values::duration, b::maxWaitInHalfOpen);
    f.apply("recordRejections", Values::bool, b::recordRejections);
    if (!f.clean()) {
      return null;
    }
    // The schema keeps Resilience4j's flat keys; the rules between them are checked here, with the
    // messages the loader has always given, and the keys become one TripStrategy and one Backoff.
    String conflict = conflict(consecutive, window, minimumCalls, failureRate, slowRate, slowerThan);
    if (conflict == null && openDuration != null && openBackoff != null) {
      conflict = "set either openDuration or openBackoff, not both (openDuration=" + openDuration
          + ", openBackoff=" + openBackoff + ")";
    }
    if (conflict != null) {
      f.reportHere(conflict);
      return null;
    }
    Backoff open = openBackoff != null ? openBackoff : openDuration != null ? Backoff.fixed(openDuration) : null;
    return f.build(() -> {
      if (window != null) {
        TripStrategy trip = TripStrategy.failureRate(failureRate != null ? failureRate : 50.0, window);
        if (minimumCalls != null) {
          trip = trip.minimumCalls(minimumCalls);
        }
        if (slowRate != null && slowerThan != null) {
          trip = trip.slowCallRate(slowRate, slowerThan);
        }
        b.trip(trip);
      } else if (consecutive != null) {
        b.trip(TripStrategy.consecutiveFailures(consecutive));
      }
      if (open != null) {
        b.openDuration(open);
      }
      return b.build();
    });
  }

  /** Reads a percentage in (0, 100]; null when absent or reported. */
  private static @Nullable Double percent(Fields f, String key) {
    Double value = f.get(key, Values::number);
    if (value != null && !(value > 0.0 && value <= 100.0)) {
      f.report(key, key + " must be in (0, 100] but was " + value);
      return null;
    }
    return value;
  }

  /** Returns the first rule between the trip keys that the values break, or null. */
  private static @Nullable String conflict(
      @Nullable Integer consecutive,
      @Nullable SlidingWindow window,
      @Nullable Integer minimumCalls,
      @Nullable Double failureRate,
      @Nullable Double slowRate,
      @Nullable Duration slowerThan) {
    if (consecutive != null && window != null) {
      return "set either consecutiveFailures or slidingWindow, not both (consecutiveFailures="
          + consecutive + ", slidingWindow=" + window + ")";
    }
    if ((slowRate == null) != (slowerThan == null)) {
      return "slowCallRateThreshold and slowCallDurationThreshold go together, but only "
          + (slowRate == null ? "slowCallDurationThreshold" : "slowCallRateThreshold") + " was set";
    }
    if (window == null) {
      String windowSetting =
          minimumCalls != null ? "minimumCalls"
              : failureRate != null ? "failureRateThreshold"
              : slowRate != null ? "slowCallRateThreshold"
              : null;
      if (windowSetting != null) {
        return windowSetting + " needs a slidingWindow";
      }
    }
    return null;
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
