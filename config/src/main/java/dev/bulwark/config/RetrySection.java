package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.Sleeper;
import dev.bulwark.retry.Retry;
import dev.bulwark.retry.RetryBudget;
import dev.bulwark.retry.RetryBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * An outbound {@code retry} section. Its keys are the {@link RetryBuilder} methods of the same
 * names ({@code retryOnRejection} a boolean); {@code budget} is read by {@link BudgetSection}. The
 * settings are kept so that {@link LoadedConfig#retryBuilder(String)} can start new builders from
 * them; every builder shares the one budget.
 *
 * @param maxAttempts the attempts, or 0 for the default
 * @param maxDuration the time limit, or null for none
 * @param backoff the backoff, or null for {@link RetryBuilder#DEFAULT_BACKOFF}
 * @param retryOnRejection whether rejections by inner policies are retried
 * @param budget the shared budget, or null for none
 */
record RetrySection(
    int maxAttempts,
    @Nullable Duration maxDuration,
    @Nullable Backoff backoff,
    boolean retryOnRejection,
    @Nullable RetryBudget budget) {

  static final List<String> KEYS =
      List.of("maxAttempts", "maxDuration", "backoff", "retryOnRejection", "budget");

  static @Nullable RetrySection read(JsonNode node, String path, Problems problems, LoaderOptions options) {
    Fields f = Fields.open(node, path, problems, KEYS);
    if (f == null) {
      return null;
    }
    RetryBuilder check = Retry.builder();
    Integer maxAttempts = f.get("maxAttempts", Values::integer);
    if (maxAttempts != null) {
      f.attempt("maxAttempts", () -> check.maxAttempts(maxAttempts));
    }
    Duration maxDuration = f.get("maxDuration", Values::duration);
    if (maxDuration != null) {
      f.attempt("maxDuration", () -> check.maxDuration(maxDuration));
    }
    Backoff backoff =
        f.has("backoff") ? BackoffSection.read(f.node("backoff"), f.path("backoff"), problems) : null;
    Boolean rejection = f.get("retryOnRejection", Values::bool);
    RetryBudget budget = f.has("budget")
        ? BudgetSection.read(f.node("budget"), f.path("budget"), problems, options.ticker())
        : null;
    if (!f.clean()) {
      return null;
    }
    return new RetrySection(maxAttempts != null ? maxAttempts : 0, maxDuration, backoff,
        Boolean.TRUE.equals(rejection), budget);
  }

  /** Starts a builder holding these settings and the loader's clock, sleeper and scheduler. */
  RetryBuilder newBuilder(String name, LoaderOptions options) {
    RetryBuilder b = Retry.builder().name(name).ticker(options.ticker()).recordStats();
    if (maxAttempts != 0) {
      b.maxAttempts(maxAttempts);
    }
    if (maxDuration != null) {
      b.maxDuration(maxDuration);
    }
    if (backoff != null) {
      b.backoff(backoff);
    }
    if (retryOnRejection) {
      b.retryOnRejection();
    }
    if (budget != null) {
      b.budget(budget);
    }
    Sleeper sleeper = options.sleeper();
    if (sleeper != null) {
      b.sleeper(sleeper);
    }
    ScheduledExecutorService scheduler = options.scheduler();
    if (scheduler != null) {
      b.scheduler(scheduler);
    }
    return b;
  }
}
