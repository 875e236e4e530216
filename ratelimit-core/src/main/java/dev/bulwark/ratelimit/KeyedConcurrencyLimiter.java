package dev.bulwark.ratelimit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Bounds calls in flight per key and in total, e.g. at most 5 per client and 1000 overall.
 *
 * <pre>{@code
 * KeyedConcurrencyLimiter<String> limiter = KeyedConcurrencyLimiter.builder(5, 1000).build();
 * try (ConcurrencyLimiter.Permit permit = limiter.tryAcquire(clientIp)) {
 *   if (!permit.isAcquired()) {
 *     return tooManyRequests();
 *   }
 *   return handle(request);
 * }
 * }</pre>
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>A permit is granted only if both the key's count is below {@link #maxPerKey()} and the total
 *       is below {@link #maxTotal()}; neither count ever exceeds its maximum, under any interleaving.
 *       Under contention a request may be refused while another request's partial reservation is
 *       being undone (refused slightly early, never admitted beyond a maximum).
 *   <li>Permits release as in {@link ConcurrencyLimiter}: once, by the first of {@code close},
 *       {@code onSuccess} and {@code onDropped}; outcomes carry no further meaning here.
 *   <li>A key is tracked only while it has a permit in flight: its counter is removed when its
 *       count returns to 0, so memory is bounded by the number of calls in flight.
 * </ul>
 *
 * <p>Thread-safe. Counting is lock-free compare-and-set; only when a key gets its first permit in
 * flight, or returns its last, does the underlying concurrent map briefly lock one of its bins. An
 * acquisition allocates a permit (and, for a key with nothing in flight, its counter); a refusal
 * allocates nothing.
 *
 * @param <K> the key type; must have value-based {@code equals} and {@code hashCode}
 */
public interface KeyedConcurrencyLimiter<K> {

  /**
   * Takes a permit for {@code key} if both its count and the total are below their maximums.
   *
   * @param key the key
   * @return an acquired permit, or a non-acquired one whose methods do nothing
   * @throws NullPointerException if {@code key} is null
   */
  ConcurrencyLimiter.Permit tryAcquire(K key);

  /**
   * Tells whether a decision waits on another process (a Redis round trip): if so, a thread that
   * must never block (an event loop) should ask {@link #tryAcquireAsync} instead of the synchronous
   * method. Constant for the limiter's life.
   *
   * @return {@code true} for a remote limiter; {@code false} (the default) for one deciding in
   *     memory, whose asynchronous method merely returns a completed stage
   */
  default boolean isRemote() {
    return false;
  }

  /**
   * Takes a permit as {@link #tryAcquire} does, without making the calling thread wait for another
   * process. The default decides at once on the calling thread and returns a completed stage; a
   * remote limiter ({@link #isRemote()}) completes the stage on one of its own threads when the
   * answer arrives. The stage never completes exceptionally for an unreachable backend: the
   * limiter's failure policy decides instead. A caller that abandons the stage must still close
   * the permit it yields, or an acquired permit stays held.
   *
   * @param key the key
   * @return the permit to come: acquired, or a non-acquired one whose methods do nothing
   * @throws NullPointerException if {@code key} is null
   */
  default CompletionStage<ConcurrencyLimiter.Permit> tryAcquireAsync(K key) {
    return CompletableFuture.completedFuture(tryAcquire(key));
  }

  /**
   * Returns how many permits are held in total.
   *
   * @return a count in {@code [0, maxTotal]}
   */
  int inFlight();

  /**
   * Returns how many permits are held for one key.
   *
   * @param key the key
   * @return a count in {@code [0, maxPerKey]}
   * @throws NullPointerException if {@code key} is null
   */
  int inFlight(K key);

  /**
   * Returns how many keys have at least one permit in flight (approximately, while counters are
   * being removed).
   *
   * @return the number of tracked keys, at most {@link #inFlight()} once quiescent
   */
  int trackedKeys();

  /**
   * Returns the most permits in flight for one key.
   *
   * @return at least 1
   */
  int maxPerKey();

  /**
   * Returns the most permits in flight in total.
   *
   * @return at least 1
   */
  int maxTotal();

  /**
   * Returns the limiter's name.
   *
   * @return the name
   */
  String name();

  /**
   * Starts building a keyed concurrency limiter.
   *
   * @param maxPerKey the most permits in flight for one key, at least 1
   * @param maxTotal the most permits in flight in total, at least {@code maxPerKey}
   * @return a builder
   * @throws IllegalArgumentException if a maximum is below 1 or {@code maxTotal < maxPerKey}
   */
  static KeyedConcurrencyLimiterBuilder builder(int maxPerKey, int maxTotal) {
    return new KeyedConcurrencyLimiterBuilder(maxPerKey, maxTotal);
  }
}
