package dev.bulwark.micrometer;

import dev.bulwark.ratelimit.KeyedRateLimiter;
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
 * Binds a {@link KeyedRateLimiter}: {@value MetricNames#RATELIMIT_DECISIONS}{@code {name, result}}
 * over all keys (never a tag per key: keys are unbounded) and
 * {@value MetricNames#RATELIMIT_KEYS}{@code {name}}, the keys held in memory. An implementation that
 * keeps its keys elsewhere ({@link KeyedRateLimiter#trackedKeys()} of -1) gets no keys gauge. The
 * decision counters read the limiter's {@linkplain KeyedRateLimiter#stats() statistics view}: a
 * limiter built without {@code recordStats()} gets none, and a {@code configuration_warning} is
 * logged on {@code dev.bulwark.micrometer}.
 *
 * <p>Immutable and thread-safe.
 */
public final class KeyedRateLimiterBinder implements MeterBinder {

  private final KeyedRateLimiter<?> limiter;
  private final Tags tags;

  private KeyedRateLimiterBinder(KeyedRateLimiter<?> limiter, Tags tags) {
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
  public static KeyedRateLimiterBinder of(KeyedRateLimiter<?> limiter) {
    return new KeyedRateLimiterBinder(Objects.requireNonNull(limiter, "limiter"), Tags.empty());
  }

  /**
   * Returns a binder that also puts {@code tags} on every meter.
   *
   * @param tags extra tags
   * @return a new binder
   * @throws NullPointerException if {@code tags} is null
   */
  public KeyedRateLimiterBinder withTags(Iterable<Tag> tags) {
    return new KeyedRateLimiterBinder(limiter, Meters.extra(this.tags, tags));
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
      meters.add(Gauge.builder(MetricNames.RATELIMIT_KEYS, limiter, KeyedRateLimiter::trackedKeys)
          .description("Keys a keyed rate limiter holds in memory")
          .tags(base)
          .register(registry));
    }
    return meters;
  }
}
