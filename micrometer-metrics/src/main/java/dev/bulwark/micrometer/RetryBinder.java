package dev.bulwark.micrometer;

import dev.bulwark.retry.Retry;
import dev.bulwark.retry.RetryCounts;
import dev.bulwark.retry.RetryOutcome;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * Binds a {@link Retry}: {@value MetricNames#RETRY_CALLS}{@code {name, result}} and
 * {@value MetricNames#RETRY_ATTEMPTS}{@code {name}}. A call is counted when it ends; the retry budget
 * refusing a retry shows as {@code result=budget_exhausted}. The binder reads the retry's one
 * {@linkplain Retry#stats() statistics view}: build the retry with
 * {@link dev.bulwark.retry.RetryBuilder#recordStats()} (one more uncontended atomic increment per
 * successful call, no allocation).
 *
 * <pre>{@code
 * Retry retry = Retry.builder().name("payments").recordStats().build();
 * RetryBinder.of(retry).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class RetryBinder implements MeterBinder {

  private final Retry retry;
  private final Tags tags;

  private RetryBinder(Retry retry, Tags tags) {
    this.retry = retry;
    this.tags = tags;
  }

  /**
   * Returns a binder for {@code retry}.
   *
   * @param retry the retry
   * @return a binder without extra tags
   * @throws NullPointerException if {@code retry} is null
   * @throws IllegalArgumentException if the retry was built without
   *     {@link dev.bulwark.retry.RetryBuilder#recordStats()}
   */
  public static RetryBinder of(Retry retry) {
    counts(Objects.requireNonNull(retry, "retry"));
    return new RetryBinder(retry, Tags.empty());
  }

  private static RetryCounts counts(Retry retry) {
    return retry
        .stats()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "retry '" + retry.name() + "' keeps no statistics: build it with recordStats() to bind its meters"));
  }

  /**
   * Returns a binder that also puts {@code tags} on every meter.
   *
   * @param tags extra tags
   * @return a new binder
   * @throws NullPointerException if {@code tags} is null
   */
  public RetryBinder withTags(Iterable<Tag> tags) {
    return new RetryBinder(retry, Meters.extra(this.tags, tags));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    Tags base = Meters.base(retry.name(), tags);
    RetryCounts counts = counts(retry);
    for (RetryOutcome outcome : RetryOutcome.values()) {
      FunctionCounter.builder(MetricNames.RETRY_CALLS, counts, c -> c.count(outcome))
          .description("Calls guarded by a retry, by how they ended")
          .tags(base)
          .tag(MetricNames.RESULT, Meters.value(outcome))
          .register(registry);
    }
    FunctionCounter.builder(MetricNames.RETRY_ATTEMPTS, counts, RetryCounts::attempts)
        .description("Attempts made by the ended calls of a retry, first attempts included")
        .tags(base)
        .register(registry);
  }
}
