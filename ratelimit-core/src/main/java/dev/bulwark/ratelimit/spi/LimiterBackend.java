package dev.bulwark.ratelimit.spi;

import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import java.util.List;

/**
 * An opened limiter backend (see {@link LimiterBackendProvider#open}): it creates keyed rate and
 * concurrency limiters whose state lives in the backend's store, shared by every instance of a
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

  /** Releases the backend's connections; idempotent, never throws a checked exception. */
  @Override
  void close();
}
