package dev.bulwark.retry;

import static dev.bulwark.core.internal.AsciiChars.isDigit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Parses the value of an HTTP {@code Retry-After} response header (RFC 9110, section 10.2.3) into
 * a delay, for {@link RetryBuilder#retryAfterFromResult} and {@link RetryBuilder#retryAfterFromFailure}.
 *
 * <pre>{@code
 * .retryAfterFromResult(HttpResponse.class,
 *     r -> r.headers().firstValue(RetryAfterHeader.NAME).flatMap(v -> RetryAfterHeader.parse(v, clock)))
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class RetryAfterHeader {

  /** The header's name. */
  public static final String NAME = "Retry-After";

  private RetryAfterHeader() {}

  /**
   * Parses a {@code Retry-After} value: either delay-seconds (a non-negative decimal integer) or an
   * HTTP-date in any of the three formats a recipient must accept (IMF-fixdate
   * {@code Sun, 06 Nov 1994 08:49:37 GMT}, RFC 850 {@code Sunday, 06-Nov-94 08:49:37 GMT}, asctime
   * {@code Sun Nov  6 08:49:37 1994}). Surrounding spaces and tabs are ignored.
   *
   * <ul>
   *   <li>delay-seconds too large for a {@code long} saturate at {@link Long#MAX_VALUE} seconds;
   *   <li>a date is turned into the delay from {@code clock}'s present to that date; a date in the
   *       past gives {@link Duration#ZERO} (retry now);
   *   <li>anything else (null, empty, negative, fractional, a sign, garbage, an impossible date)
   *       gives no hint.
   * </ul>
   *
   * @param value the header value, possibly null when the header is absent
   * @param clock the wall clock that HTTP dates are compared with
   * @return the delay, or empty if the value is not a valid Retry-After
   * @throws NullPointerException if {@code clock} is null
   */
  public static Optional<Duration> parse(@Nullable String value, Clock clock) {
    Objects.requireNonNull(clock, "clock");
    if (value == null) {
      return Optional.empty();
    }
    String s = trim(value);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    if (isDigit(s.charAt(0))) {
      Optional<Duration> seconds = delaySeconds(s);
      if (seconds.isPresent()) {
        return seconds;
      }
    }
    Instant now = clock.instant();
    Instant date = HttpDate.parse(s, now);
    if (date == null) {
      return Optional.empty();
    }
    Duration delay = Duration.between(now, date);
    return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
  }

  private static Optional<Duration> delaySeconds(String s) {
    long seconds = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return Optional.empty();
      }
      seconds = seconds > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : seconds * 10 + (c - '0');
    }
    return Optional.of(Duration.ofSeconds(seconds));
  }

  private static String trim(String value) {
    int start = 0;
    int end = value.length();
    while (start < end && isWhitespace(value.charAt(start))) {
      start++;
    }
    while (end > start && isWhitespace(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(start, end);
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t';
  }
}
