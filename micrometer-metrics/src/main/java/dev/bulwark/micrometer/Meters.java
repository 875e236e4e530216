package dev.bulwark.micrometer;

import dev.bulwark.ratelimit.DecisionCounts;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What several binders share: tags, enum tag values, decision counters, configuration warnings. */
final class Meters {

  static final Logger LOG = LoggerFactory.getLogger("dev.bulwark.micrometer");

  static final String INFLIGHT = "Permits of a concurrency limiter held now";
  static final String LIMIT = "The current limit of a concurrency limiter";
  private static final String DECISIONS = "Rate-limit decisions, by result";

  private Meters() {}

  /** The tags of every meter of one primitive: its name, then the binder's extra tags. */
  static Tags base(String name, Tags extra) {
    return Tags.of(MetricNames.NAME, name).and(extra);
  }

  /** Copies a caller's extra tags, failing fast on null. */
  static Tags extra(Tags current, Iterable<Tag> more) {
    return current.and(Objects.requireNonNull(more, "tags"));
  }

  /** An enum constant as a tag value: {@code HALF_OPEN} is {@code half_open}. */
  static String value(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Registers {@value MetricNames#RATELIMIT_DECISIONS}, or warns that the limiter cannot count.
   *
   * @return the meters registered (none after the warning)
   */
  static List<Meter> decisions(
      MeterRegistry registry, String name, Optional<? extends DecisionCounts> counts, Tags tags) {
    if (counts.isEmpty()) {
      LOG.atWarn()
          .setMessage("rate limiter '{}' keeps no decision counts (build it with recordStats()): {} is not registered")
          .addArgument(name)
          .addArgument(MetricNames.RATELIMIT_DECISIONS)
          .addKeyValue("event", "configuration_warning")
          .addKeyValue("name", name)
          .addKeyValue("warning", "decisions_not_counted")
          .log();
      return List.of();
    }
    DecisionCounts c = counts.get();
    Meter permitted = FunctionCounter.builder(MetricNames.RATELIMIT_DECISIONS, c, DecisionCounts::permitted)
        .description(DECISIONS)
        .tags(tags)
        .tag(MetricNames.RESULT, "permitted")
        .register(registry);
    Meter rejected = FunctionCounter.builder(MetricNames.RATELIMIT_DECISIONS, c, DecisionCounts::rejected)
        .description(DECISIONS)
        .tags(tags)
        .tag(MetricNames.RESULT, "rejected")
        .register(registry);
    return List.of(permitted, rejected);
  }
}
