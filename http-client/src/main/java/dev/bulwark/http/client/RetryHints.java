package dev.bulwark.http.client;

import dev.bulwark.core.internal.Durations;
import dev.bulwark.retry.RetryAfterHeader;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The wait a response asks for before the next attempt: the longer of its {@code Retry-After}
 * (delay-seconds or an HTTP-date read against the client's clock, through
 * {@link RetryAfterHeader#parse}) and the reset time of an exhausted {@code RateLimit} quota
 * ({@link RateLimitHeaders}). Immutable and thread-safe.
 */
final class RetryHints {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final Clock clock;

  RetryHints(Clock clock) {
    this.clock = clock;
  }

  /** The wait in nanoseconds (saturated), or -1 if the response asks for none. */
  long hintNanos(HttpResponse<?> response) {
    long hint = -1;
    Optional<String> retryAfter = response.headers().firstValue(RetryAfterHeader.NAME);
    if (retryAfter.isPresent()) {
      Optional<Duration> d = RetryAfterHeader.parse(retryAfter.get(), clock);
      if (d.isPresent()) {
        hint = Durations.toNanosSaturated(d.get());
      }
    }
    long seconds = RateLimitHeaders.exhaustedWaitSeconds(response.headers());
    if (seconds >= 0) {
      hint = Math.max(hint, seconds > Long.MAX_VALUE / NANOS_PER_SECOND
          ? Long.MAX_VALUE : seconds * NANOS_PER_SECOND);
    }
    return hint;
  }

  /** {@link #hintNanos} as the Retry's hint function wants it. */
  Optional<Duration> hint(HttpResponse<?> response) {
    long nanos = hintNanos(response);
    return nanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
  }
}
