package dev.bulwark.http;

import dev.bulwark.core.internal.Preconditions;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.Limits;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The rate-limit gate of a route, one immutable value given to
 * {@link RouteBuilder#rateLimit(RateLimitGate)}: limits from which the edge builds an in-memory
 * keyed limiter ({@link #of(String)}, {@link #of(RateLimit...)}, optionally with
 * {@link #algorithm(RateLimitAlgorithm)} and {@link #maximumKeys(long)}), a ready-made keyed limiter
 * ({@link #of(KeyedRateLimiter)}), or a hierarchical one ({@link #of(HierarchicalRateLimiter)}). The
 * client key is the route's {@link RouteBuilder#key(RateLimitKey)}, or the gate's own
 * {@link #key(RateLimitKey)}.
 *
 * <h2>Several limits with different keys</h2>
 * {@link #allOf} puts several gates on one route, each keyed its own way, such as 60 per minute per
 * user and 60 per minute per address:
 * <pre>{@code
 * Route.builder("/api/v1/query").rateLimit(RateLimitGate.allOf(
 *     RateLimitGate.of("60/minute").key(RateLimitKey.ip()),
 *     RateLimitGate.of("60/minute").key(RateLimitKey.principal()))).build();
 * }</pre>
 * A request is admitted only when every part admits it, and a request one part refuses takes
 * nothing from the others: each part is first asked without taking a permit (the limiter's
 * {@code peek}), and only when all would admit are the permits taken, in order. Between the two
 * steps another request may take the last permit of a later part; then the request is refused
 * with that part's decision, and the permits it took from the earlier parts stay taken (never an
 * admission beyond any limit, only, in that race, one permit spent early). The refusal names the
 * part that refused ({@code Retry-After}, {@code RateLimit}); an admission describes the part with
 * the fewest remaining permits; {@code RateLimit-Policy} lists every part. Parts are built by the
 * edge from limits or given as keyed limiters; a hierarchical limiter cannot be a part. The
 * route's own key remains the key of its concurrency limit and of its events. Thread-safe.
 */
public final class RateLimitGate {

  final @Nullable List<RateLimit> limits;
  final @Nullable KeyedRateLimiter<String> keyedLimiter;
  final @Nullable HierarchicalRateLimiter<String> hierarchicalLimiter;
  final @Nullable RateLimitAlgorithm algorithm;
  final long maximumKeys;
  /** This gate's own key, or null for the route's. */
  final @Nullable RateLimitKey key;
  /** The parts of an {@link #allOf} gate, or null. */
  final @Nullable List<RateLimitGate> parts;

  private RateLimitGate(
      @Nullable List<RateLimit> limits,
      @Nullable KeyedRateLimiter<String> keyedLimiter,
      @Nullable HierarchicalRateLimiter<String> hierarchicalLimiter,
      @Nullable RateLimitAlgorithm algorithm,
      long maximumKeys) {
    this(limits, keyedLimiter, hierarchicalLimiter, algorithm, maximumKeys, null, null);
  }

  private RateLimitGate(
      @Nullable List<RateLimit> limits,
      @Nullable KeyedRateLimiter<String> keyedLimiter,
      @Nullable HierarchicalRateLimiter<String> hierarchicalLimiter,
      @Nullable RateLimitAlgorithm algorithm,
      long maximumKeys,
      @Nullable RateLimitKey key,
      @Nullable List<RateLimitGate> parts) {
    this.limits = limits;
    this.keyedLimiter = keyedLimiter;
    this.hierarchicalLimiter = hierarchicalLimiter;
    this.algorithm = algorithm;
    this.maximumKeys = maximumKeys;
    this.key = key;
    this.parts = parts;
  }

  /**
   * Combines gates that must all admit a request, each with its own key; see the class
   * description.
   *
   * @param first the first part, asked first
   * @param second the second part
   * @param more further parts
   * @return the gate
   * @throws NullPointerException if a part is null
   * @throws IllegalArgumentException if a part holds a hierarchical limiter or is itself an
   *     {@code allOf} gate
   */
  public static RateLimitGate allOf(RateLimitGate first, RateLimitGate second, RateLimitGate... more) {
    List<RateLimitGate> all = new ArrayList<>();
    all.add(Objects.requireNonNull(first, "first"));
    all.add(Objects.requireNonNull(second, "second"));
    for (RateLimitGate part : Objects.requireNonNull(more, "more")) {
      all.add(Objects.requireNonNull(part, "part"));
    }
    for (RateLimitGate part : all) {
      if (part.parts != null || part.hierarchicalLimiter != null) {
        throw new IllegalArgumentException("a part of allOf must be limits or a keyed limiter but was " + part);
      }
    }
    return new RateLimitGate(null, null, null, null, -1, null, List.copyOf(all));
  }

  /**
   * Returns this gate keyed its own way instead of by the route's {@link RouteBuilder#key}: for the
   * parts of {@link #allOf}, or for a route whose concurrency limit is keyed otherwise.
   *
   * @param key the strategy
   * @return a new gate
   * @throws IllegalStateException if already set, or this is an {@code allOf} gate (key its parts)
   */
  public RateLimitGate key(RateLimitKey key) {
    Objects.requireNonNull(key, "key");
    if (parts != null) {
      throw new IllegalStateException("key applies to the parts of allOf, not to the combined gate");
    }
    Preconditions.requireUnset("key", this.key);
    return new RateLimitGate(limits, keyedLimiter, hierarchicalLimiter, algorithm, maximumKeys, key, null);
  }

  /**
   * Limits the request rate per client key with limits in the {@link Limits} syntax, such as
   * {@code "100/minute"} or {@code "200/minute; 1000/hour"}. The edge builds an in-memory keyed
   * limiter named after the route, on the edge's ticker.
   *
   * @param spec one or more limits
   * @return the gate
   * @throws IllegalArgumentException if {@code spec} does not parse (the message quotes it)
   */
  public static RateLimitGate of(String spec) {
    return of(Limits.parse(Objects.requireNonNull(spec, "spec")).toArray(new RateLimit[0]));
  }

  /**
   * Limits the request rate per client key; several limits are enforced together. The edge builds
   * an in-memory keyed limiter named after the route, on the edge's ticker.
   *
   * @param limits one or more limits
   * @return the gate
   * @throws IllegalArgumentException if no limit is given
   */
  public static RateLimitGate of(RateLimit... limits) {
    List<RateLimit> list = List.of(Objects.requireNonNull(limits, "limits"));
    if (list.isEmpty()) {
      throw new IllegalArgumentException("at least one limit is required");
    }
    return new RateLimitGate(list, null, null, null, -1);
  }

  /**
   * Limits the request rate per client key with a ready-made limiter, which may be shared with
   * other routes (use a key that includes {@link RateLimitKey#route()} to keep their counts apart)
   * or live in Redis. Its own ticker measures time.
   *
   * @param limiter the limiter
   * @return the gate
   */
  public static RateLimitGate of(KeyedRateLimiter<String> limiter) {
    return new RateLimitGate(null, Objects.requireNonNull(limiter, "limiter"), null, null, -1);
  }

  /**
   * Limits the request rate with a hierarchical limiter (global, per client, per route), asked with
   * the route's name as the route and the client key as the client.
   *
   * @param limiter the limiter, usually shared by several routes
   * @return the gate
   */
  public static RateLimitGate of(HierarchicalRateLimiter<String> limiter) {
    return new RateLimitGate(null, null, Objects.requireNonNull(limiter, "limiter"), null, -1);
  }

  /**
   * Returns this gate with the algorithm of the limiter the edge builds (default
   * {@link RateLimitAlgorithm#TOKEN_BUCKET}).
   *
   * @param algorithm the algorithm
   * @return a new gate
   * @throws IllegalStateException if already set, or this gate holds a ready-made limiter
   */
  public RateLimitGate algorithm(RateLimitAlgorithm algorithm) {
    Objects.requireNonNull(algorithm, "algorithm");
    requireLimits("algorithm");
    Preconditions.requireUnset("algorithm", this.algorithm);
    return new RateLimitGate(limits, null, null, algorithm, maximumKeys, key, null);
  }

  /**
   * Returns this gate with a cap on the keys held by the limiter the edge builds (default
   * {@link dev.bulwark.ratelimit.KeyedRateLimiterBuilder#DEFAULT_MAXIMUM_KEYS}).
   *
   * @param maximumKeys at least 1
   * @return a new gate
   * @throws IllegalArgumentException if {@code maximumKeys < 1}
   * @throws IllegalStateException if already set, or this gate holds a ready-made limiter
   */
  public RateLimitGate maximumKeys(long maximumKeys) {
    Preconditions.requireAtLeastOne("maximumKeys", maximumKeys);
    requireLimits("maximumKeys");
    Preconditions.requireUnset("maximumKeys", this.maximumKeys != -1, this.maximumKeys);
    return new RateLimitGate(limits, null, null, algorithm, maximumKeys, key, null);
  }

  private void requireLimits(String setting) {
    if (limits == null) {
      throw new IllegalStateException(
          setting + " applies only to limits the edge builds, not to the ready-made limiter " + source());
    }
  }

  private Object source() {
    Object s = limits != null ? limits : keyedLimiter != null ? keyedLimiter
        : hierarchicalLimiter != null ? hierarchicalLimiter : parts;
    return Objects.requireNonNull(s);
  }

  /** Returns a description, such as {@code RateLimitGate[[100/PT1M]]}. */
  @Override
  public String toString() {
    return "RateLimitGate[" + source()
        + (key != null ? ", key=" + key : "")
        + (algorithm != null ? ", " + algorithm : "")
        + (maximumKeys != -1 ? ", maximumKeys=" + maximumKeys : "") + "]";
  }
}
