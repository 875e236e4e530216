package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.core.Ticker;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.HierarchicalRateLimiterBuilder;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.ratelimit.RateLimiterListener;
import dev.bulwark.ratelimit.spi.LimiterBackend;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 * @param backend {@code memory}, the name of a registered hierarchical backend, or of a backend
 *     provider (whose {@code LimiterBackend} builds the hierarchy)
 * @param path the entry's path, for problems found while building the limiter
 */
record HierarchySection(
    String name,
    @Nullable List<RateLimit> global,
    List<RateLimit> perClient,
    @Nullable RateLimitAlgorithm algorithm,
    long maximumKeys,
    String backend,
    String path) {

  static final List<String> KEYS = List.of("global", "perClient", "algorithm", "maximumKeys", "backend");

  static @Nullable HierarchySection read(
      String name, JsonNode node, String path, Problems problems, Set<String> backends, InlineBackends inline) {
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
    String written = inline.read(f);
    String backend = written != null ? written : RateSection.MEMORY;
    boolean memory = backend.equals(RateSection.MEMORY);
    if (!memory && !backends.contains(backend) && !inline.contains(backend)) {
      f.report("backend", BindContext.unknownBackendOf(backends));
    }
    if (!memory && maximumKeys != null) {
      f.report("maximumKeys", "applies only to the memory backend");
    }
    if (f.clean() && perClient != null && memory) {
      probe(f, "perClient", perClient, algorithm);
      if (global != null) {
        probe(f, "global", global, algorithm);
      }
    }
    if (!f.clean() || perClient == null) {
      return null;
    }
    return new HierarchySection(name, global, perClient, algorithm,
        maximumKeys != null ? maximumKeys : -1, backend, path);
  }

  /** Whether the limiter lives in memory, so that the in-memory algorithms' limits apply. */
  boolean inMemory() {
    return backend.equals(RateSection.MEMORY);
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
   * Builds the limiter, in memory, through the backend's factory, or through the opened backend of
   * a provider (which gets the loader's rate limiter listener).
   *
   * @param overrides per-route limits, keyed by route name
   * @param opened the opened backend when {@link #backend} names a provider, else null
   * @throws IllegalArgumentException if the backend refuses the settings
   */
  HierarchicalRateLimiter<String> build(
      Map<String, List<RateLimit>> overrides, LoaderOptions options, @Nullable LimiterBackend opened) {
    if (opened != null) {
      RateLimiterListener listener = options.rateLimiterListener();
      return Objects.requireNonNull(
          opened.hierarchicalRateLimiter(name, global != null ? global : List.of(), perClient,
              Collections.unmodifiableMap(new LinkedHashMap<>(overrides)),
              algorithm != null ? algorithm : RateLimitAlgorithm.TOKEN_BUCKET,
              listener != null ? List.of(listener) : List.of()),
          () -> "backend " + backend + " returned no hierarchical rate limiter");
    }
    if (!inMemory()) {
      HierarchicalRateLimiterFactory factory = Objects.requireNonNull(options.hierarchyBackends().get(backend));
      return Objects.requireNonNull(
          factory.create(name, global != null ? global : List.of(), perClient, Collections.unmodifiableMap(new LinkedHashMap<>(overrides)),
              algorithm != null ? algorithm : RateLimitAlgorithm.TOKEN_BUCKET),
          () -> "hierarchical rate limiter backend " + backend + " returned null");
    }
    return build(overrides, options.ticker(), options.rateLimiterListener());
  }

  private HierarchicalRateLimiter<String> build(
      Map<String, List<RateLimit>> overrides, Ticker ticker, @Nullable RateLimiterListener listener) {
    HierarchicalRateLimiterBuilder b = HierarchicalRateLimiter.builder()
        .name(name)
        .perClient(perClient.toArray(new RateLimit[0]))
        .ticker(ticker)
        .recordStats();
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
