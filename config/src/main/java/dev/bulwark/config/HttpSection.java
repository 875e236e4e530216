package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.http.client.HttpPolicy;
import dev.bulwark.ratelimit.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An outbound entry's {@code http} section: the settings of a
 * {@link dev.bulwark.http.client.ResilientHttpClient} that the entry's {@code retry},
 * {@code circuitBreaker} and {@code timeout} do not already hold. Its keys are the
 * {@link HttpPolicy.Builder} methods of the same names.
 *
 * <pre>{@code
 * outbound:
 *   llm:
 *     timeout: 30s                       # overallTimeout
 *     retry: {maxAttempts: 3}            # maxAttempts, backoff, budget
 *     circuitBreaker: {consecutiveFailures: 5, openDuration: 30s}
 *     http: {retryOnStatus: [429, 500, 502, 503, 504], attemptTimeout: 10s, maxRetryAfter: 10s,
 *            retryNonIdempotent: false, rateLimit: 60/minute}
 * }</pre>
 *
 * @param retryOnStatus the statuses, or null for the default
 * @param retryNonIdempotent whether non-idempotent requests are retried
 * @param attemptTimeout the time limit of one attempt, or null for the default
 * @param maxRetryAfter the longest server-requested wait, or null for the default
 * @param rateLimits the client-side limits, or null for none
 */
record HttpSection(
    @Nullable List<Integer> retryOnStatus,
    boolean retryNonIdempotent,
    @Nullable Duration attemptTimeout,
    @Nullable Duration maxRetryAfter,
    @Nullable List<RateLimit> rateLimits) {

  static final List<String> KEYS =
      List.of("retryOnStatus", "retryNonIdempotent", "attemptTimeout", "maxRetryAfter", "rateLimit");

  static @Nullable HttpSection read(JsonNode node, String path, Problems problems) {
    Fields f = Fields.open(node, path, problems, KEYS);
    if (f == null) {
      return null;
    }
    HttpPolicy.Builder check = HttpPolicy.builder();
    List<Integer> statuses = f.has("retryOnStatus") ? statuses(f.node("retryOnStatus"), f.path("retryOnStatus"), problems) : null;
    if (statuses != null) {
      f.attempt("retryOnStatus", () -> check.retryOnStatus(statuses));
    }
    Boolean nonIdempotent = f.get("retryNonIdempotent", Values::bool);
    f.apply("attemptTimeout", Values::duration, check::attemptTimeout);
    f.apply("maxRetryAfter", Values::duration, check::maxRetryAfter);
    List<RateLimit> limits = f.get("rateLimit", Values::limits);
    if (!f.clean()) {
      return null;
    }
    return new HttpSection(statuses, Boolean.TRUE.equals(nonIdempotent),
        f.get("attemptTimeout", Values::duration), f.get("maxRetryAfter", Values::duration), limits);
  }

  private static @Nullable List<Integer> statuses(JsonNode value, String path, Problems problems) {
    if (!value.isArray()) {
      problems.bad(path, value, "expected a list of statuses such as [429, 503]");
      return null;
    }
    List<Integer> list = new ArrayList<>();
    boolean clean = true;
    for (int i = 0; i < value.size(); i++) {
      JsonNode element = value.get(i);
      if (element.isInt()) {
        list.add(element.intValue());
      } else {
        problems.bad(Fields.index(path, i), element, "expected an HTTP status");
        clean = false;
      }
    }
    return clean ? list : null;
  }

  /** Sets this section's settings on a policy builder. */
  void applyTo(HttpPolicy.Builder b) {
    if (retryOnStatus != null) {
      b.retryOnStatus(retryOnStatus);
    }
    if (retryNonIdempotent) {
      b.retryNonIdempotent();
    }
    if (attemptTimeout != null) {
      b.attemptTimeout(attemptTimeout);
    }
    if (maxRetryAfter != null) {
      b.maxRetryAfter(maxRetryAfter);
    }
    if (rateLimits != null) {
      b.rateLimit(rateLimits.toArray(new RateLimit[0]));
    }
  }
}
