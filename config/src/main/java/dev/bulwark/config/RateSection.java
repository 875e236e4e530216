package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.ratelimit.RateLimiterBuilder;
import dev.bulwark.http.RateLimitKey;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A route's {@code rateLimit} section: either limits of the route's own (a keyed limiter in memory
 * or from a registered backend), or a shared hierarchical limiter, optionally with limits that
 * override its per-client limit on this route. The string form {@code rateLimit: 100/minute} is
 * short for {@code rateLimit: {limit: 100/minute}}. {@code rateLimit: {allOf: [{limit: 60/minute,
 * key: ip}, {limit: 60/minute, key: principal}]}} puts several limits with their own keys on the
 * route, all of which must admit a request ({@link dev.bulwark.http.RateLimitGate#allOf}).
 *
 * @param limits the route's limits; null for a hierarchy without a route override
 * @param algorithm the algorithm of the route's own limiter, or null for the default
 * @param maximumKeys the key cap of an in-memory limiter, or -1 for the default
 * @param backend {@code memory} or the name of a registered backend
 * @param hierarchy the name of the shared hierarchical limiter, or null
 * @param path the section's path, for problems found while building the limiter
 * @param key the key of a part of {@code allOf}, or null (the route's key; for a part: the IP)
 * @param parts the parts of {@code allOf: [...]}, each with its own key, or null
 */
record RateSection(
    @Nullable List<RateLimit> limits,
    @Nullable RateLimitAlgorithm algorithm,
    long maximumKeys,
    String backend,
    @Nullable String hierarchy,
    String path,
    @Nullable RateLimitKey key,
    @Nullable List<RateSection> parts) {

  static final String MEMORY = "memory";
  static final List<String> KEYS = List.of("limit", "algorithm", "maximumKeys", "backend", "hierarchy", "allOf");
  static final List<String> PART_KEYS = List.of("limit", "algorithm", "maximumKeys", "backend", "key");

  /** Reads a route's {@code rateLimit}. */
  static @Nullable RateSection read(JsonNode node, String path, Problems problems, BindContext context) {
    if (node.isObject() && node.has("allOf")) {
      Fields f = Fields.open(node, path, problems, List.of("allOf"));
      if (f == null) {
        return null;
      }
      JsonNode list = f.node("allOf");
      if (!list.isArray() || list.size() < 2) {
        f.report("allOf", "expected a list of at least two limits, each with its own key");
        return null;
      }
      List<RateSection> parts = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        RateSection part = read(list.get(i), Fields.index(f.path("allOf"), i), problems, context, true);
        if (part != null) {
          parts.add(part);
        }
      }
      return parts.size() == list.size()
          ? new RateSection(null, null, -1, MEMORY, null, path, null, List.copyOf(parts))
          : null;
    }
    return read(node, path, problems, context, false);
  }

  private static @Nullable RateSection read(
      JsonNode node, String path, Problems problems, BindContext context, boolean part) {
    if (node.isTextual()) {
      try {
        List<RateLimit> limits = Values.limits(node);
        probe(limits, null);
        return new RateSection(limits, null, -1, MEMORY, null, path, null, null);
      } catch (IllegalArgumentException e) {
        problems.bad(path, node, String.valueOf(e.getMessage()));
        return null;
      }
    }
    if (!node.isObject()) {
      problems.bad(path, node, "expected limits such as \"100/minute\", or an object");
      return null;
    }
    Fields f = Fields.open(node, path, problems, part ? PART_KEYS : KEYS);
    if (f == null) {
      return null;
    }
    RateLimitKey partKey = part ? f.get("key", KeyReader::read) : null;
    List<RateLimit> limits = f.get("limit", Values::limits);
    RateLimitAlgorithm algorithm = f.get("algorithm", Values.enumeration(RateLimitAlgorithm.class));
    Long maximumKeys = f.get("maximumKeys", Values::longInteger);
    if (maximumKeys != null && maximumKeys < 1) {
      f.report("maximumKeys", "must be >= 1");
    }
    String backend = context.inline().read(f);
    if (backend != null && !backend.equals(MEMORY) && !context.rateBackends().contains(backend)
        && !context.inline().contains(backend)) {
      f.report("backend", context.unknownBackend(context.rateBackends()));
    }
    String hierarchy = part ? null : f.get("hierarchy", Values::string);
    if (hierarchy != null) {
      if (!context.hierarchies().contains(hierarchy)) {
        f.report("hierarchy", context.unknownHierarchy());
      }
      for (String setting : List.of("algorithm", "maximumKeys", "backend")) {
        if (f.has(setting)) {
          f.report(setting, "not allowed with hierarchy: the hierarchical limiter's settings apply");
        }
      }
    } else if (!f.has("limit") && !f.has("hierarchy")) {
      f.reportHere("needs a limit, or a hierarchy naming one of hierarchicalLimits");
    }
    if (backend != null && !backend.equals(MEMORY) && maximumKeys != null) {
      f.report("maximumKeys", "applies only to the memory backend");
    }
    if (f.clean() && limits != null && hierarchy == null && (backend == null || backend.equals(MEMORY))) {
      try {
        probe(limits, algorithm);
      } catch (IllegalArgumentException e) {
        f.reportHere(String.valueOf(e.getMessage()));
      }
    }
    if (!f.clean()) {
      return null;
    }
    return new RateSection(limits, algorithm, maximumKeys != null ? maximumKeys : -1,
        backend != null ? backend : MEMORY, hierarchy, path, partKey, null);
  }

  /**
   * Checks that an in-memory limiter can hold these limits under the algorithm: window algorithms
   * pack counts into one word and refuse some bursts, which an in-memory keyed limiter would only
   * discover at its first request.
   *
   * @throws IllegalArgumentException naming the largest burst that fits
   */
  static void probe(List<RateLimit> limits, @Nullable RateLimitAlgorithm algorithm) {
    RateLimiterBuilder b = RateLimiter.builder(limits).ticker(() -> 0L);
    if (algorithm != null) {
      b.algorithm(algorithm);
    }
    b.build();
  }
}
