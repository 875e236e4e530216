package dev.bulwark.http;

import dev.bulwark.core.internal.Preconditions;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The concurrency gate of a route, one immutable value given to
 * {@link RouteBuilder#concurrency(ConcurrencyGate)}: bounds the edge builds ({@link #of(int, int)}),
 * or a ready-made limiter ({@link #of(KeyedConcurrencyLimiter)}). A request over a bound gets 503
 * with {@code Retry-After: 1}. Thread-safe.
 */
public final class ConcurrencyGate {

  final int maxPerClient;
  final int maxTotal;
  final @Nullable KeyedConcurrencyLimiter<String> limiter;

  private ConcurrencyGate(int maxPerClient, int maxTotal, @Nullable KeyedConcurrencyLimiter<String> limiter) {
    this.maxPerClient = maxPerClient;
    this.maxTotal = maxTotal;
    this.limiter = limiter;
  }

  /**
   * Bounds the requests in flight on the route, per client key and in total.
   *
   * @param maxPerClient the most in flight for one client key, at least 1
   * @param maxTotal the most in flight in total, at least {@code maxPerClient}
   * @return the gate
   * @throws IllegalArgumentException if a bound is below 1 or {@code maxTotal < maxPerClient}
   */
  public static ConcurrencyGate of(int maxPerClient, int maxTotal) {
    Preconditions.requireAtLeastOne("maxPerClient", maxPerClient);
    if (maxTotal < maxPerClient) {
      throw new IllegalArgumentException(
          "maxTotal must be >= maxPerClient (" + maxPerClient + ") but was " + maxTotal);
    }
    return new ConcurrencyGate(maxPerClient, maxTotal, null);
  }

  /**
   * Bounds the requests in flight with a ready-made limiter, which may be shared with other routes.
   *
   * @param limiter the limiter
   * @return the gate
   */
  public static ConcurrencyGate of(KeyedConcurrencyLimiter<String> limiter) {
    return new ConcurrencyGate(0, 0, Objects.requireNonNull(limiter, "limiter"));
  }

  /** Returns a description, such as {@code 2 per client, 10 in total}. */
  @Override
  public String toString() {
    return limiter != null ? limiter.toString() : maxPerClient + " per client, " + maxTotal + " in total";
  }
}
