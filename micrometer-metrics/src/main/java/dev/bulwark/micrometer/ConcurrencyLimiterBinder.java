package dev.bulwark.micrometer;

import dev.bulwark.ratelimit.ConcurrencyLimiter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * Binds a {@link ConcurrencyLimiter}, fixed or adaptive: {@value MetricNames#CONCURRENCY_INFLIGHT}
 * {@code {name}} and {@value MetricNames#CONCURRENCY_LIMIT}{@code {name}} (the adaptive limiter's
 * current limit; a fixed limiter's constant one, so that {@code inflight / limit} is the saturation of
 * either). Both gauges read the limiter when published: binding costs nothing per call.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConcurrencyLimiterBinder implements MeterBinder {

  private final ConcurrencyLimiter limiter;
  private final Tags tags;

  private ConcurrencyLimiterBinder(ConcurrencyLimiter limiter, Tags tags) {
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
  public static ConcurrencyLimiterBinder of(ConcurrencyLimiter limiter) {
    return new ConcurrencyLimiterBinder(Objects.requireNonNull(limiter, "limiter"), Tags.empty());
  }

  /**
   * Returns a binder that also puts {@code tags} on every meter.
   *
   * @param tags extra tags
   * @return a new binder
   * @throws NullPointerException if {@code tags} is null
   */
  public ConcurrencyLimiterBinder withTags(Iterable<Tag> tags) {
    return new ConcurrencyLimiterBinder(limiter, Meters.extra(this.tags, tags));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    Tags base = Meters.base(limiter.name(), tags);
    Gauge.builder(MetricNames.CONCURRENCY_INFLIGHT, limiter, ConcurrencyLimiter::inFlight)
        .description(Meters.INFLIGHT)
        .tags(base)
        .register(registry);
    Gauge.builder(MetricNames.CONCURRENCY_LIMIT, limiter, ConcurrencyLimiter::limit)
        .description(Meters.LIMIT)
        .tags(base)
        .register(registry);
  }
}
