package dev.bulwark.http.client;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.core.Pipeline;
import dev.bulwark.core.Policy;
import dev.bulwark.ratelimit.RateLimiter;
import dev.bulwark.retry.Retry;
import dev.bulwark.retry.RetryBudget;
import dev.bulwark.retry.RetryBuilder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The policies of one host (or named dependency), built once from its {@link HttpPolicy}: one
 * retry budget, breaker and limiter, shared by three pipelines that differ only in what they
 * retry.
 *
 * <ul>
 *   <li>{@link #retrying}: {@code retry(breaker(limiter))} retrying retryable statuses and
 *       {@link RetryableFailures#TRANSIENT} failures, waiting for server hints; for requests that
 *       may be repeated;
 *   <li>{@link #connectRetrying}: the same, retrying only {@link RetryableFailures#NOT_SENT}
 *       failures; for non-idempotent requests with a replayable body;
 *   <li>{@link #once}: {@code breaker(limiter)}; for requests whose body cannot be sent again.
 * </ul>
 *
 * Immutable and thread-safe.
 */
final class HostPipeline {

  final String key;
  final HttpPolicy policy;
  final CircuitBreaker breaker;
  final @Nullable RateLimiter limiter;
  final RetryBudget budget;
  final Pipeline retrying;
  final Pipeline connectRetrying;
  final Pipeline once;

  HostPipeline(String key, HttpPolicy policy, ClientSettings settings) {
    this.key = key;
    this.policy = policy;
    this.budget = policy.retryBudget()
        .map(f -> Objects.requireNonNull(f.get(), "the retryBudget factory returned null"))
        .orElseGet(() -> RetryBudget.percentOfRequests(20, 10, Duration.ofSeconds(10), settings.ticker));
    Predicate<Object> failureStatus =
        r -> r instanceof HttpResponse<?> && policy.isRetryStatus(((HttpResponse<?>) r).statusCode());
    this.breaker = CircuitBreaker.builder(key)
        .config(policy.circuitBreaker().toBuilder().recordResult(failureStatus).build())
        .ticker(settings.ticker)
        .build();
    this.limiter = policy.rateLimits().isEmpty()
        ? null
        : RateLimiter.builder(policy.rateLimits()).name(key).ticker(settings.ticker).build();
    RetryHints hints = new RetryHints(settings.clock);
    long maxHint = policy.maxRetryAfterNanos();
    Retry full = retry(settings, RetryableFailures.TRANSIENT)
        .retryOnResult(HttpResponse.class, r -> policy.isRetryStatus(r.statusCode()))
        .abortOnResult(HttpResponse.class,
            r -> policy.isRetryStatus(r.statusCode()) && hints.hintNanos(r) > maxHint)
        .retryAfterFromResult(HttpResponse.class, hints::hint)
        .build();
    Retry connectOnly = retry(settings, RetryableFailures.NOT_SENT).build();
    RateLimiter l = limiter;
    this.retrying = l == null ? Pipeline.of(full, breaker) : Pipeline.of(full, breaker, l);
    this.connectRetrying =
        l == null ? Pipeline.of(connectOnly, breaker) : Pipeline.of(connectOnly, breaker, l);
    this.once = l == null ? Pipeline.of(breaker) : Pipeline.of(breaker, (Policy) l);
  }

  private RetryBuilder retry(ClientSettings settings, Predicate<Throwable> retryOn) {
    RetryBuilder b = Retry.builder()
        .name(key)
        .maxAttempts(policy.maxAttempts())
        .maxDuration(policy.overallTimeout())
        .backoff(policy.backoff())
        .retryOn(retryOn)
        .budget(budget)
        .ticker(settings.ticker)
        .sleeper(settings.sleeper);
    if (settings.random != null) {
      b.random(settings.random);
    }
    if (settings.scheduler != null) {
      b.scheduler(settings.scheduler);
    }
    return b;
  }

  @Override
  public String toString() {
    return "HostPipeline[" + key + ", " + policy + "]";
  }
}
