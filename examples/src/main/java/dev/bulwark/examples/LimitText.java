package dev.bulwark.examples;

import dev.bulwark.ratelimit.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes rate limits the way the configuration file does, for {@code /api/state} and the
 * dashboard: {@code 30/minute}, {@code 5 per 15 minutes}, {@code 10/second burst 5}, several joined
 * with {@code "; "}. A period that is not a whole number of seconds is written as a
 * {@link Duration} ({@code 3 per PT0.5S}).
 */
final class LimitText {

  private static final long MINUTE = 60;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;

  private LimitText() {}

  static String of(List<RateLimit> limits) {
    List<String> parts = new ArrayList<>(limits.size());
    for (RateLimit limit : limits) {
      parts.add(of(limit));
    }
    return String.join("; ", parts);
  }

  static String of(RateLimit limit) {
    String text = limit.permits() + period(limit.period());
    return limit.burst() == limit.permits() ? text : text + " burst " + limit.burst();
  }

  /** {@code /minute} for one unit, {@code  per 15 minutes} for several. */
  private static String period(Duration period) {
    if (period.getNano() != 0) {
      return " per " + period;
    }
    long s = period.getSeconds();
    if (s % DAY == 0) {
      return unit(s / DAY, "day");
    }
    if (s % HOUR == 0) {
      return unit(s / HOUR, "hour");
    }
    if (s % MINUTE == 0) {
      return unit(s / MINUTE, "minute");
    }
    return unit(s, "second");
  }

  private static String unit(long count, String name) {
    return count == 1 ? "/" + name : " per " + count + " " + name + "s";
  }
}
