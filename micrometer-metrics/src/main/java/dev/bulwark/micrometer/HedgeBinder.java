package dev.bulwark.micrometer;

import dev.bulwark.retry.Hedge;
import dev.bulwark.retry.HedgeCounts;
import dev.bulwark.retry.HedgeOutcome;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * Binds a {@link Hedge}: {@value MetricNames#HEDGE_CALLS}{@code {name, result}},
 * {@value MetricNames#HEDGE_ATTEMPTS}{@code {name}} and
 * {@value MetricNames#HEDGE_BUDGET_REFUSALS}{@code {name}}. A call is counted when it ends. The binder
 * reads the hedge's one {@linkplain Hedge#stats() statistics view}: build the hedge with
 * {@link dev.bulwark.retry.HedgeBuilder#recordStats()} (one more uncontended increment per call, no
 * allocation).
 *
 * <pre>{@code
 * Hedge hedge = Hedge.builder().name("search").delay(HedgeDelay.fixed(Duration.ofMillis(200)))
 *     .recordStats().build();
 * HedgeBinder.of(hedge).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class HedgeBinder implements MeterBinder {

  private final Hedge hedge;
  private final Tags tags;

  private HedgeBinder(Hedge hedge, Tags tags) {
    this.hedge = hedge;
    this.tags = tags;
  }

  /**
   * Returns a binder for {@code hedge}.
   *
   * @param hedge the hedge
   * @return a binder without extra tags
   * @throws NullPointerException if {@code hedge} is null
   * @throws IllegalArgumentException if the hedge was built without
   *     {@link dev.bulwark.retry.HedgeBuilder#recordStats()}
   */
  public static HedgeBinder of(Hedge hedge) {
    counts(Objects.requireNonNull(hedge, "hedge"));
    return new HedgeBinder(hedge, Tags.empty());
  }

  private static HedgeCounts counts(Hedge hedge) {
    return hedge
        .stats()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "hedge '" + hedge.name() + "' keeps no statistics: build it with recordStats() to bind its meters"));
  }

  /**
   * Returns a binder that also puts {@code tags} on every meter.
   *
   * @param tags extra tags
   * @return a new binder
   * @throws NullPointerException if {@code tags} is null
   */
  public HedgeBinder withTags(Iterable<Tag> tags) {
    return new HedgeBinder(hedge, Meters.extra(this.tags, tags));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    Tags base = Meters.base(hedge.name(), tags);
    HedgeCounts counts = counts(hedge);
    for (HedgeOutcome outcome : HedgeOutcome.values()) {
      FunctionCounter.builder(MetricNames.HEDGE_CALLS, counts, c -> c.count(outcome))
          .description("Calls guarded by a hedge, by how they ended")
          .tags(base)
          .tag(MetricNames.RESULT, Meters.value(outcome))
          .register(registry);
    }
    FunctionCounter.builder(MetricNames.HEDGE_ATTEMPTS, counts, HedgeCounts::hedgesStarted)
        .description("Hedged attempts started, primary attempts not included")
        .tags(base)
        .register(registry);
    FunctionCounter.builder(MetricNames.HEDGE_BUDGET_REFUSALS, counts, HedgeCounts::budgetRefusals)
        .description("Hedged attempts refused by the retry budget")
        .tags(base)
        .register(registry);
  }
}
