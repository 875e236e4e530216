package dev.bulwark.ratelimit;

import java.util.List;
import java.util.Objects;

/**
 * Parses lists of limits such as {@code "200 per minute; 1000 per hour"}, for configuration files
 * and annotations.
 *
 * <h2>Grammar</h2>
 * <pre>{@code
 * limits = limit *( (";" / ",") limit )
 * limit  = count ( "/" / "per" ) [ amount ] unit [ "burst" size ]
 * count  = 1*DIGIT   ; permits per period, >= 1
 * amount = 1*DIGIT   ; periods are "amount units" long, >= 1, default 1
 * size   = 1*DIGIT   ; the burst, >= 1; without it the burst is the count
 * unit   = "ns" / "nanosecond" / "nanoseconds"
 *        / "ms" / "millisecond" / "milliseconds"
 *        / "s" / "sec" / "secs" / "second" / "seconds"
 *        / "m" / "min" / "mins" / "minute" / "minutes"
 *        / "h" / "hr"  / "hrs"  / "hour"   / "hours"
 *        / "d" / "day" / "days"
 * }</pre>
 * Words are case-insensitive; whitespace may surround every token and is needed only between two
 * words ({@code "10per minute"} is read as {@code "10 per minute"}). Numbers are plain ASCII digits
 * without sign or thousands separator, which is what keeps {@code ','} unambiguous as a separator:
 * {@code "1,000 per day"} is an error, not one thousand. Examples: {@code "100/minute"},
 * {@code "100 per minute"}, {@code "5 per 15 minutes"}, {@code "10/s"}, {@code "10/sec"},
 * {@code "2/hour"}, {@code "1000 per day"}, {@code "100/minute burst 10"},
 * {@code "200 per minute; 1000 per hour"}, {@code "10/s,100/min"}.
 *
 * <p>{@link RateLimit#toString()} and {@link #format(List)} write this grammar back in one canonical
 * spelling ({@code "30/minute"}, {@code "5 per 15 minutes"}, {@code "100/minute burst 10"},
 * {@code "3 per 500 ms"}), so {@code parse(format(limits))} equals {@code limits}.
 *
 * <p>Bad input raises {@link IllegalArgumentException} with a message that quotes the offending
 * token and the whole input, e.g. {@code unknown unit 'fortnight' in "5 per fortnight"}.
 */
public final class Limits {

  private Limits() {}

  /**
   * Parses one or more limits separated by {@code ';'} or {@code ','}, in order.
   *
   * @param spec the text, e.g. {@code "200 per minute; 1000 per hour"}
   * @return an immutable list of at least one limit, in the order written (duplicates kept)
   * @throws NullPointerException if {@code spec} is null
   * @throws IllegalArgumentException if a limit is invalid or empty (including a trailing
   *     separator); the message quotes the offending token and the whole input
   */
  public static List<RateLimit> parse(String spec) {
    return LimitParser.parseAll(spec);
  }

  /**
   * Writes limits back in the grammar above, joined with {@code "; "}: the inverse of
   * {@link #parse(String)}.
   *
   * @param limits the limits, in order
   * @return e.g. {@code "200/minute; 1000/hour"}; the empty string for no limits (which
   *     {@link #parse(String)} refuses, as it never returns an empty list)
   * @throws NullPointerException if {@code limits} or one of them is null
   */
  public static String format(List<RateLimit> limits) {
    Objects.requireNonNull(limits, "limits");
    StringBuilder text = new StringBuilder();
    for (RateLimit limit : limits) {
      if (text.length() > 0) {
        text.append("; ");
      }
      text.append(Objects.requireNonNull(limit, "limit"));
    }
    return text.toString();
  }
}
