package dev.bulwark.ratelimit.spi;

import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.ratelimit.RateLimiterListener;
import java.util.List;
import java.util.Map;

/**
 * An opened limiter backend (see {@link LimiterBackendProvider#open}): it creates keyed rate and
 * concurrency limiters, and hierarchical rate limiters where it can, whose state lives in the backend's store, shared by every instance of a
 * service that uses the same store. The limiters' keys are strings (an HTTP edge's client keys).
 *
 * <p>Thread-safe. {@link #close()} releases the connections; the limiters created before must not
 * be used afterwards.
 */
public interface LimiterBackend extends AutoCloseable {

  /**
   * Creates a keyed rate limiter.
   *
   * @param name the limiter's name, to name it and, in the shared store, its keys
   * @param limits one or more limits, enforced together for each key, in the order written
   * @param algorithm the algorithm
   * @return the limiter
   * @throws IllegalArgumentException if the backend cannot enforce these settings (an algorithm
   *     it lacks, say); the message says why
   */
  KeyedRateLimiter<String> rateLimiter(String name, List<RateLimit> limits, RateLimitAlgorithm algorithm);

  /**
   * Creates a keyed concurrency limiter.
   *
   * @param name the limiter's name, to name it and, in the shared store, its keys
   * @param maxPerKey the most permits in flight for one key, at least 1
   * @param maxTotal the most permits in flight in total, at least {@code maxPerKey}
   * @return the limiter
   * @throws IllegalArgumentException if the backend cannot enforce these settings; the message
   *     says why
   */
  KeyedConcurrencyLimiter<String> concurrencyLimiter(String name, int maxPerKey, int maxTotal);

  /**
   * Creates a hierarchical rate limiter with the semantics of {@link HierarchicalRateLimiter}: a
   * request on a route of {@code routes} is counted per (route, client) against that route's limits,
   * any other request per client against {@code perClient}, and every request against
   * {@code global}. The default implementation refuses: a backend that keeps hierarchies overrides it.
   *
   * @param name the limiter's name, to name it, its events ({@code <name>.global},
   *     {@code <name>.client}, {@code <name>.route.<route>}) and, in the shared store, its keys
   * @param global the global limits, in the order written; empty for no global level
   * @param perClient the default per-client limits, at least one
   * @param routes route name to that route's limits (at least one each), in order; may be empty
   * @param algorithm the algorithm of every level
   * @param listeners listeners for the limiter's decisions, possibly none
   * @return the limiter
   * @throws IllegalArgumentException if the backend cannot enforce these settings (or keeps no
   *     hierarchies); the message says why
   */
  default HierarchicalRateLimiter<String> hierarchicalRateLimiter(
      String name,
      List<RateLimit> global,
      List<RateLimit> perClient,
      Map<String, List<RateLimit>> routes,
      RateLimitAlgorithm algorithm,
      List<RateLimiterListener> listeners) {
    throw new IllegalArgumentException(this + " keeps no hierarchical rate limiters");
  }

  /** Releases the backend's connections; idempotent, never throws a checked exception. */
  @Override
  void close();
}
