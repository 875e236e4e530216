package dev.bulwark.micrometer;

import dev.bulwark.ratelimit.RateLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * Binds a {@link RateLimiter}: {@value MetricNames#RATELIMIT_DECISIONS}{@code {name, result}}.
 * The binder reads the limiter's one {@linkplain RateLimiter#stats() statistics view}: build the
 * limiter with {@code recordStats()} (each decision then costs one more uncontended atomic
 * increment, and still allocates nothing). A limiter built without gets no decision counters, and a
 * {@code configuration_warning} is logged on {@code dev.bulwark.micrometer}.
 *
 * <pre>{@code
 * RateLimiter limiter = RateLimiter.builder(RateLimit.perSecond(100)).recordStats().build();
 * RateLimiterBinder.of(limiter).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class RateLimiterBinder implements MeterBinder {

  private final RateLimiter limiter;
  private final Tags tags;

  private RateLimiterBinder(RateLimiter limiter, Tags tags) {
    this.limiter = limiter;
    this.tags = tags;
  }

  /**
   * Returns a binder for {@code limiter}.
   *
   * @param limiter the limiter
   * @return a binder without extra tags
   * @throws NullPointerException if {@code limiter} is null
   */
  public static RateLimiterBinder of(RateLimiter limiter) {
    return new RateLimiterBinder(Objects.requireNonNull(limiter, "limiter"), Tags.empty());
  }

  /**
   * Returns a binder that also puts {@code tags} on every meter.
   *
   * @param tags extra tags, such as the service or the route
   * @return a new binder
   * @throws NullPointerException if {@code tags} is null
   */
  public RateLimiterBinder withTags(Iterable<Tag> tags) {
    return new RateLimiterBinder(limiter, Meters.extra(this.tags, tags));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    Meters.decisions(registry, limiter.name(), limiter.stats(), Meters.base(limiter.name(), tags));
  }
}
