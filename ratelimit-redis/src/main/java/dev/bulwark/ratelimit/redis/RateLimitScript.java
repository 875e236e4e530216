package dev.bulwark.ratelimit.redis;

import dev.bulwark.core.internal.Durations;
import dev.bulwark.core.Ticker;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The arguments and the reply of {@code rate_limit.lua} for one limiter: the limits as whole
 * microseconds, and the reply as a {@link Reply}. Immutable and thread-safe.
 *
 * <p>Times are integer microseconds, exact in Lua's doubles below 2^53 (285 years): a token
 * bucket's emission interval is rounded <em>up</em> to a whole microsecond (so the limiter never
 * admits more than its nominal rate), and so is a window's length.
 */
final class RateLimitScript {

  /** The largest microsecond product the script computes exactly: 2^53. */
  static final long EXACT_LIMIT = 1L << 53;

  /** With a test clock, keys live this much longer, so real time between calls never expires them. */
  static final long TEST_TTL_PAD_MILLIS = 3_600_000L;

  private static final byte[] TAKE = {'1'};
  private static final byte[] LOOK = {'0'};
  private static final byte[] SERVER_TIME = {};

  /** The permits argument of the most common requests, encoded once rather than per decision. */
  private static final byte[][] PERMITS = new byte[65][];

  static {
    for (int i = 1; i < PERMITS.length; i++) {
      PERMITS[i] = ascii(Integer.toString(i));
    }
  }

  private final List<RateLimit> limits;
  private final byte[][] tail;
  private final @Nullable Ticker serverClock;

  /**
   * @throws IllegalArgumentException if a limit's burst times its interval or window exceeds what the
   *     script computes exactly
   */
  RateLimitScript(List<RateLimit> limits, RateLimitAlgorithm algorithm, @Nullable Ticker serverClock) {
    this.limits = limits;
    this.serverClock = serverClock;
    this.tail = new byte[2 + 2 * limits.size()][];
    tail[0] = ascii(letter(algorithm));
    tail[1] = ascii(Long.toString(serverClock == null ? 0 : TEST_TTL_PAD_MILLIS));
    byte[][] pairs = limitArgs(limits, algorithm);
    System.arraycopy(pairs, 0, tail, 2, pairs.length);
  }

  /**
   * Encodes limits as script arguments: for each, its span (emission interval or window) in whole
   * microseconds, then its burst.
   *
   * @throws IllegalArgumentException if a limit's burst times its span exceeds what the scripts
   *     compute exactly
   */
  static byte[][] limitArgs(List<RateLimit> limits, RateLimitAlgorithm algorithm) {
    byte[][] pairs = new byte[2 * limits.size()][];
    for (int i = 0; i < limits.size(); i++) {
      RateLimit limit = limits.get(i);
      long span = spanMicros(limit, algorithm);
      if (limit.burst() > EXACT_LIMIT / 2 / span) {
        throw new IllegalArgumentException(
            "burst " + limit.burst() + " of " + limit + " times its " + span
                + " µs span exceeds 2^52 µs, beyond what Redis computes exactly; use a smaller burst");
      }
      pairs[2 * i] = ascii(Long.toString(span));
      pairs[2 * i + 1] = ascii(Long.toString(limit.burst()));
    }
    return pairs;
  }

  /** The emission interval (token bucket) or the window (others), rounded up to whole µs. */
  static long spanMicros(RateLimit limit, RateLimitAlgorithm algorithm) {
    long nanos =
        algorithm == RateLimitAlgorithm.TOKEN_BUCKET
            ? limit.emissionIntervalNanos()
            : Durations.toNanosSaturated(limit.period());
    return nanos / 1000 + (nanos % 1000 == 0 ? 0 : 1);
  }

  static String letter(RateLimitAlgorithm algorithm) {
    switch (algorithm) {
      case TOKEN_BUCKET:
        return "g";
      case FIXED_WINDOW:
        return "f";
      case SLIDING_WINDOW_COUNTER:
        return "s";
      default:
        throw new IllegalArgumentException(
            algorithm + " is not supported on Redis; use TOKEN_BUCKET, FIXED_WINDOW or"
                + " SLIDING_WINDOW_COUNTER");
    }
  }

  /** {@code permits} (at least 1) as a script argument; not a copy for small counts, never modify. */
  static byte[] permitsArg(int permits) {
    return permits < PERMITS.length ? PERMITS[permits] : ascii(Integer.toString(permits));
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** ARGV for one decision. */
  List<byte[]> args(int permits, boolean take) {
    byte[][] args = new byte[3 + tail.length][];
    Ticker clock = serverClock;
    args[0] = clock == null ? SERVER_TIME : ascii(Long.toString(Math.floorDiv(clock.read(), 1000L)));
    args[1] = take ? TAKE : LOOK;
    args[2] = permitsArg(permits);
    System.arraycopy(tail, 0, args, 3, tail.length);
    return Arrays.asList(args);
  }

  /**
   * Decodes the script's reply: eight space-separated decimal integers.
   *
   * @throws JedisDataException if the reply is not eight integers
   */
  Reply decode(Object reply) {
    long[] v = integers(reply, 8, "rate_limit.lua");
    return new Reply(v[0] == 1, (int) v[1] - 1, v[2], v[3], v[4], v[5], (int) v[6] - 1, v[7]);
  }

  /**
   * Parses a script's reply: a string of exactly {@code count} space-separated decimal integers
   * (each at most 18 digits, optionally negative).
   *
   * @param script the script's file name, for the message
   * @throws JedisDataException if the reply is anything else
   */
  static long[] integers(Object reply, int count, String script) {
    if (!(reply instanceof byte[])) {
      throw new JedisDataException(script + " returned " + reply + ", not a string of " + count + " integers");
    }
    byte[] text = (byte[]) reply;
    long[] v = new long[count];
    int at = 0;
    for (int i = 0; i < v.length; i++) {
      if (i > 0) {
        if (at >= text.length || text[at] != ' ') {
          throw malformed(text, count, script);
        }
        at++;
      }
      boolean negative = at < text.length && text[at] == '-';
      if (negative) {
        at++;
      }
      int start = at;
      long n = 0;
      while (at < text.length && text[at] >= '0' && text[at] <= '9' && at - start < 18) {
        n = n * 10 + (text[at++] - '0');
      }
      if (at == start) {
        throw malformed(text, count, script);
      }
      v[i] = negative ? -n : n;
    }
    if (at != text.length) {
      throw malformed(text, count, script);
    }
    return v;
  }

  private static JedisDataException malformed(byte[] text, int count, String script) {
    return new JedisDataException(
        script + " returned '" + new String(text, StandardCharsets.US_ASCII) + "', not " + count + " integers");
  }

  /** The limits, in order; a reply's indexes point into this list. */
  List<RateLimit> limits() {
    return limits;
  }

  /**
   * One decision as the script reports it; times in microseconds.
   *
   * @param allowed whether the permits were (or would be) granted
   * @param limitIndex the described limit
   * @param remaining the described limit's remaining permits
   * @param retryAfterMicros the wait, 0 when allowed, -1 when the permits exceed a burst
   * @param resetAfterMicros the described limit's time until full
   * @param denyMicros when no single permit is left, the wait for one; else 0
   * @param denyLimitIndex the limit imposing that wait (-1 without one)
   * @param denyResetMicros that limit's time until full
   */
  record Reply(
      boolean allowed,
      int limitIndex,
      long remaining,
      long retryAfterMicros,
      long resetAfterMicros,
      long denyMicros,
      int denyLimitIndex,
      long denyResetMicros) {}
}
