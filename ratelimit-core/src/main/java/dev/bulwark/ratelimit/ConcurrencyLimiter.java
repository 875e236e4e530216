package dev.bulwark.ratelimit;

import dev.bulwark.core.Policy;
import java.time.Duration;

/**
 * Bounds how many calls are in flight at once.
 *
 * <pre>{@code
 * ConcurrencyLimiter limiter = ConcurrencyLimiter.builder(100).name("db").build();
 * try (ConcurrencyLimiter.Permit permit = limiter.tryAcquire()) {
 *   if (!permit.isAcquired()) {
 *     return serviceBusy();
 *   }
 *   return query();
 * }
 * }</pre>
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@link #tryAcquire()} never blocks. It returns an acquired {@link Permit}, or the shared
 *       non-acquired permit when {@link #limit()} calls are already in flight. Closing either is
 *       always safe, so the try-with-resources above is the whole protocol: the permit is released
 *       even when the guarded code throws.
 *   <li>A permit is released exactly once: by the first of {@link Permit#close()},
 *       {@link Permit#onSuccess()} and {@link Permit#onDropped()}; later calls do nothing. The
 *       in-flight count never goes negative and never exceeds the limit, under any interleaving.
 *   <li>As a {@link Policy} it holds one permit for the duration of the call (until the returned
 *       stage completes, for asynchronous calls) and throws {@link ConcurrencyLimitExceededException}
 *       when none is free. A call that returns is reported with {@link Permit#onSuccess()}; one that
 *       fails with a {@link java.util.concurrent.TimeoutException} with {@link Permit#onDropped()};
 *       any other failure just releases the permit.
 * </ul>
 *
 * <p>{@link #builder(int)} gives a fixed limit; {@link #adaptive(Duration)} a limit that adapts to
 * the latency and drops it observes (AIMD). Implementations are thread-safe and lock-free; an
 * acquisition allocates one small permit, a refusal nothing.
 */
public interface ConcurrencyLimiter extends Policy {

  /**
   * Takes a permit if fewer than {@link #limit()} calls are in flight.
   *
   * @return an acquired permit, or a non-acquired one (check {@link Permit#isAcquired()}) whose
   *     methods do nothing
   */
  Permit tryAcquire();

  /**
   * Returns how many permits are held now.
   *
   * @return a count in {@code [0, limit]} (it may exceed a limit that an adaptive limiter just
   *     lowered, until the excess calls finish)
   */
  int inFlight();

  /**
   * Returns the current limit: fixed, or the adaptive limiter's latest value.
   *
   * @return at least 1
   */
  int limit();

  /**
   * Returns the limiter's name, used in exceptions.
   *
   * @return the name
   */
  String name();

  /**
   * Starts building a limiter with a fixed limit.
   *
   * @param maxInFlight the most calls in flight at once, at least 1
   * @return a builder
   * @throws IllegalArgumentException if {@code maxInFlight < 1}
   */
  static ConcurrencyLimiterBuilder builder(int maxInFlight) {
    return new ConcurrencyLimiterBuilder(maxInFlight);
  }

  /**
   * Starts building an adaptive (AIMD) limiter; see {@link AdaptiveConcurrencyLimiterBuilder}.
   *
   * @param slowCallThreshold a successful call slower than this counts as a sign of overload
   * @return a builder
   * @throws IllegalArgumentException if {@code slowCallThreshold} is not positive
   */
  static AdaptiveConcurrencyLimiterBuilder adaptive(Duration slowCallThreshold) {
    return new AdaptiveConcurrencyLimiterBuilder(slowCallThreshold);
  }

  /**
   * The right to run one call, released once by the first of {@link #close()},
   * {@link #onSuccess()} and {@link #onDropped()}. Thread-safe: any thread may release it.
   *
   * <p>The outcome methods matter only to an adaptive limiter, which learns from them; a fixed
   * limiter treats all three as a plain release. A permit that is merely closed teaches nothing.
   */
  interface Permit extends AutoCloseable {

    /**
     * Tells whether this permit was granted.
     *
     * @return {@code true} for a granted permit; {@code false} for the non-acquired permit, whose
     *     methods do nothing
     */
    boolean isAcquired();

    /**
     * Releases the permit and reports that the call succeeded. For an adaptive limiter, its latency
     * (from acquisition to this call) decides whether it was fast or slow.
     */
    void onSuccess();

    /**
     * Releases the permit and reports that the call was dropped or timed out: a sign of overload.
     */
    void onDropped();

    /** Releases the permit without reporting an outcome; does nothing if already released. */
    @Override
    void close();
  }
}
