package dev.bulwark.benchmarks.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A hand-written per-IP rate limit as Bucket4j's documentation shows it for servlets: one
 * {@link Bucket} per {@code getRemoteAddr()} in a Caffeine cache (at most 100,000 clients, dropped
 * after 10 minutes unused), {@code tryConsumeAndReturnRemaining(1)}, the remaining tokens in
 * {@code X-Rate-Limit-Remaining} on admission, 429 with {@code X-Rate-Limit-Retry-After-Seconds}
 * on refusal. The limit given here is far above what the benchmark sends, so nothing is refused.
 */
final class Bucket4jFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  private final long perSecond;
  private final transient Cache<String, Bucket> buckets = newCache();

  Bucket4jFilter(long perSecond) {
    this.perSecond = perSecond;
  }

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Bucket bucket = buckets.get(request.getRemoteAddr(), ip -> newBucket(perSecond));
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      response.setHeader("X-Rate-Limit-Remaining", Long.toString(probe.getRemainingTokens()));
      chain.doFilter(request, response);
    } else {
      long seconds = TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1;
      response.setHeader("X-Rate-Limit-Retry-After-Seconds", Long.toString(seconds));
      response.sendError(429, "Too many requests");
    }
  }

  /**
   * Returns the cache of buckets by client address this filter keeps, as Bucket4j's examples do:
   * at most 100,000 clients, each dropped after 10 minutes unused.
   */
  static Cache<String, Bucket> newCache() {
    return Caffeine.newBuilder()
        .maximumSize(100_000)
        .expireAfterAccess(Duration.ofMinutes(10))
        .build();
  }

  /**
   * Returns one client's bucket: {@code perSecond} tokens, refilled greedily over each second.
   *
   * @param perSecond the capacity and the refill per second
   * @return a new bucket
   */
  static Bucket newBucket(long perSecond) {
    return Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
        .build();
  }
}
