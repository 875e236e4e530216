package dev.bulwark.micrometer;

import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;

/**
 * Binds a {@link KeyedConcurrencyLimiter}: {@value MetricNames#CONCURRENCY_INFLIGHT}{@code {name}},
 * the permits held over all keys, and {@value MetricNames#CONCURRENCY_LIMIT}{@code {name}}, its
 * {@linkplain KeyedConcurrencyLimiter#maxTotal() total maximum}. Never a tag per key.
 *
 * <p>Immutable and thread-safe.
 */
public final class KeyedConcurrencyLimiterBinder implements MeterBinder {

  private final KeyedConcurrencyLimiter<?> limiter;
  private final Tags tags;

  private KeyedConcurrencyLimiterBinder(KeyedConcurrencyLimiter<?> limiter, Tags tags) {
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
  public static KeyedConcurrencyLimiterBinder of(KeyedConcurrencyLimiter<?> limiter) {
    return new KeyedConcurrencyLimiterBinder(Objects.requireNonNull(limiter, "limiter"), Tags.empty());
  }

  /**
   * Returns a binder that also puts {@code tags} on every meter.
   *
   * @param tags extra tags
   * @return a new binder
   * @throws NullPointerException if {@code tags} is null
   */
  public KeyedConcurrencyLimiterBinder withTags(Iterable<Tag> tags) {
    return new KeyedConcurrencyLimiterBinder(limiter, Meters.extra(this.tags, tags));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    register(Objects.requireNonNull(registry, "registry"));
  }

  /** Registers the meters and returns them (for {@link EdgeBinder} to remove after a reload). */
  List<Meter> register(MeterRegistry registry) {
    Tags base = Meters.base(limiter.name(), tags);
    Meter inFlight = Gauge.builder(MetricNames.CONCURRENCY_INFLIGHT, limiter, KeyedConcurrencyLimiter::inFlight)
        .description(Meters.INFLIGHT)
        .tags(base)
        .register(registry);
    Meter limit = Gauge.builder(MetricNames.CONCURRENCY_LIMIT, limiter, KeyedConcurrencyLimiter::maxTotal)
        .description(Meters.LIMIT)
        .tags(base)
        .register(registry);
    return List.of(inFlight, limit);
  }
}
