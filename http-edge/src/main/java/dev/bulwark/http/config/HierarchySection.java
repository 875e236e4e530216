package dev.bulwark.http.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.core.Ticker;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.HierarchicalRateLimiterBuilder;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.ratelimit.RateLimiterListener;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code hierarchicalLimits}: a {@link HierarchicalRateLimiter} shared by the routes
 * that name it, with a global limit, a default per-client limit, and per-route overrides taken from
 * those routes' own {@code limit}.
 *
 * @param name the limiter's name
 * @param global the global limits, or null for none
 * @param perClient the default per-client limits
 * @param algorithm the algorithm of every level, or null for the default
 * @param maximumKeys the key cap per client level, or -1 for the default
 * @param path the entry's path, for problems found while building the limiter
 */
record HierarchySection(
    String name,
    @Nullable List<RateLimit> global,
    List<RateLimit> perClient,
    @Nullable RateLimitAlgorithm algorithm,
    long maximumKeys,
    String path) {

  static final List<String> KEYS = List.of("global", "perClient", "algorithm", "maximumKeys");

  static @Nullable HierarchySection read(String name, JsonNode node, String path, Problems problems) {
    Fields f = Fields.open(node, path, problems, KEYS);
    if (f == null) {
      return null;
    }
    List<RateLimit> global = f.get("global", Values::limits);
    List<RateLimit> perClient = f.required("perClient", Values::limits);
    RateLimitAlgorithm algorithm = f.get("algorithm", Values.enumeration(RateLimitAlgorithm.class));
    Long maximumKeys = f.get("maximumKeys", Values::longInteger);
    if (maximumKeys != null && maximumKeys < 1) {
      f.report("maximumKeys", "must be >= 1");
    }
    if (f.clean() && perClient != null) {
      probe(f, "perClient", perClient, algorithm);
      if (global != null) {
        probe(f, "global", global, algorithm);
      }
    }
    if (!f.clean() || perClient == null) {
      return null;
    }
    return new HierarchySection(
        name, global, perClient, algorithm, maximumKeys != null ? maximumKeys : -1, path);
  }

  private static void probe(
      Fields f, String key, List<RateLimit> limits, @Nullable RateLimitAlgorithm algorithm) {
    try {
      RateSection.probe(limits, algorithm);
    } catch (IllegalArgumentException e) {
      f.report(key, String.valueOf(e.getMessage()));
    }
  }

  /**
   * Builds the limiter.
   *
   * @param overrides per-route limits, keyed by route name
   */
  HierarchicalRateLimiter<String> build(
      Map<String, List<RateLimit>> overrides, Ticker ticker, @Nullable RateLimiterListener listener) {
    HierarchicalRateLimiterBuilder b = HierarchicalRateLimiter.builder()
        .name(name)
        .perClient(perClient.toArray(new RateLimit[0]))
        .ticker(ticker);
    if (global != null) {
      b.global(global.toArray(new RateLimit[0]));
    }
    overrides.forEach((route, limits) -> b.route(route, limits.toArray(new RateLimit[0])));
    if (algorithm != null) {
      b.algorithm(algorithm);
    }
    if (maximumKeys != -1) {
      b.maximumKeys(maximumKeys);
    }
    if (listener != null) {
      b.listener(listener);
    }
    return b.build();
  }
}
