package dev.bulwark.micrometer;

import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Binds a {@link HierarchicalRateLimiter}: {@value MetricNames#RATELIMIT_DECISIONS}{@code {name,
 * result}}, one decision per request whichever level decided it, and
 * {@value MetricNames#RATELIMIT_KEYS}{@code {name}}, the client and (route, client) keys held (no
 * keys gauge for an implementation that keeps its keys elsewhere, {@code trackedKeys()} of -1, such
 * as a Redis-backed hierarchy). The decision counters read the limiter's
 * {@linkplain HierarchicalRateLimiter#stats() statistics view}: build it with {@code recordStats()};
 * one built without gets none, and a {@code configuration_warning} is logged.
 *
 * <p>Immutable and thread-safe.
 */
public final class HierarchicalRateLimiterBinder implements MeterBinder {

  private final HierarchicalRateLimiter<?> limiter;
  private final Tags tags;

  private HierarchicalRateLimiterBinder(HierarchicalRateLimiter<?> limiter, Tags tags) {
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
  public static HierarchicalRateLimiterBinder of(HierarchicalRateLimiter<?> limiter) {
    return new HierarchicalRateLimiterBinder(Objects.requireNonNull(limiter, "limiter"), Tags.empty());
  }

  /**
   * Returns a binder that also puts {@code tags} on every meter.
   *
   * @param tags extra tags
   * @return a new binder
   * @throws NullPointerException if {@code tags} is null
   */
  public HierarchicalRateLimiterBinder withTags(Iterable<Tag> tags) {
    return new HierarchicalRateLimiterBinder(limiter, Meters.extra(this.tags, tags));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    register(Objects.requireNonNull(registry, "registry"));
  }

  /** Registers the meters and returns them (for {@link EdgeBinder} to remove after a reload). */
  List<Meter> register(MeterRegistry registry) {
    Tags base = Meters.base(limiter.name(), tags);
    List<Meter> meters = new ArrayList<>(Meters.decisions(registry, limiter.name(), limiter.stats(), base));
    if (limiter.trackedKeys() >= 0) {
      meters.add(Gauge.builder(MetricNames.RATELIMIT_KEYS, limiter, HierarchicalRateLimiter::trackedKeys)
          .description("Keys a keyed rate limiter holds in memory")
          .tags(base)
          .register(registry));
    }
    return meters;
  }
}
