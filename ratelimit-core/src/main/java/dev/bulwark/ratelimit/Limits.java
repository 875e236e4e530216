package dev.bulwark.ratelimit;

import java.util.List;

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
 * unit   = "s" / "sec" / "secs" / "second" / "seconds"
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
}
