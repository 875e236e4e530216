package dev.bulwark.micrometer;

import dev.bulwark.ratelimit.redis.RedisKeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.redis.RedisKeyedRateLimiter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * Binds a Redis-backed limiter's fallback state: {@value MetricNames#REDIS_FALLBACK}{@code {name,
 * state}}, two one-hot gauges, {@code state="redis"} is 1 while the limiter decides on Redis and
 * {@code state="fallback"} is 1 while its failure policy decides (Redis unreachable or its breaker
 * open). Alert on {@code bulwark_redis_fallback{state="fallback"} == 1}. The limiter's decisions are
 * bound separately with {@link KeyedRateLimiterBinder}; its breaker with {@link CircuitBreakerBinder}.
 *
 * <p>The gauges read the limiter when the registry publishes; nothing runs per decision. Needs the
 * optional {@code ratelimit-redis} dependency. Immutable and thread-safe.
 */
// ratelimit-redis is an optional module (`requires static`, not transitive: see module-info):
// whoever uses this class has a RedisKeyedRateLimiter, so reads dev.bulwark.ratelimit.redis already.
@SuppressWarnings("exports")
public final class RedisFallbackBinder implements MeterBinder {

  /** The limiter: the gauges' state object (Micrometer holds it weakly, as it holds any state). */
  private final Object limiter;
  private final String name;
  private final Tags tags;

  private RedisFallbackBinder(Object limiter, String name, Tags tags) {
    this.limiter = limiter;
    this.name = name;
    this.tags = tags;
  }

  private static boolean inFallback(Object limiter) {
    return limiter instanceof RedisKeyedRateLimiter
        ? ((RedisKeyedRateLimiter<?>) limiter).inFallback()
        : ((RedisKeyedConcurrencyLimiter<?>) limiter).inFallback();
  }

  /**
   * Returns a binder for a Redis keyed rate limiter.
   *
   * @param limiter the limiter
   * @return a binder without extra tags
   * @throws NullPointerException if {@code limiter} is null
   */
  public static RedisFallbackBinder of(RedisKeyedRateLimiter<?> limiter) {
    Objects.requireNonNull(limiter, "limiter");
    return new RedisFallbackBinder(limiter, limiter.name(), Tags.empty());
  }

  /**
   * Returns a binder for a Redis keyed concurrency limiter.
   *
   * @param limiter the limiter
   * @return a binder without extra tags
   * @throws NullPointerException if {@code limiter} is null
   */
  public static RedisFallbackBinder of(RedisKeyedConcurrencyLimiter<?> limiter) {
    Objects.requireNonNull(limiter, "limiter");
    return new RedisFallbackBinder(limiter, limiter.name(), Tags.empty());
  }

  /**
   * Returns a binder that also puts {@code tags} on every meter.
   *
   * @param tags extra tags
   * @return a new binder
   * @throws NullPointerException if {@code tags} is null
   */
  public RedisFallbackBinder withTags(Iterable<Tag> tags) {
    return new RedisFallbackBinder(limiter, name, Meters.extra(this.tags, tags));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    Tags base = Meters.base(name, tags);
    Gauge.builder(MetricNames.REDIS_FALLBACK, limiter, l -> inFallback(l) ? 0 : 1)
        .description("1 while the limiter decides on Redis")
        .tags(base.and(MetricNames.STATE, "redis"))
        .register(registry);
    Gauge.builder(MetricNames.REDIS_FALLBACK, limiter, l -> inFallback(l) ? 1 : 0)
        .description("1 while the limiter's failure policy decides (Redis unreachable)")
        .tags(base.and(MetricNames.STATE, "fallback"))
        .register(registry);
  }
}
