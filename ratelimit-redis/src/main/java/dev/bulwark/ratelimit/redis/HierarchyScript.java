package dev.bulwark.ratelimit.redis;

import dev.bulwark.core.Ticker;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The arguments and the reply of {@code hierarchy.lua} for one client level (the default per-client
 * level, or one route's override) and the global level: the limits as whole microseconds, and the
 * reply as a {@link Reply}. One instance per client level; immutable and thread-safe.
 */
final class HierarchyScript {

  private static final byte[] SERVER_TIME = {};

  private final byte[][] tail;
  private final @Nullable Ticker serverClock;

  /**
   * @param level the client level's limits
   * @param global the global limits, empty for none
   * @throws IllegalArgumentException if a limit's burst times its span exceeds what the script
   *     computes exactly
   */
  HierarchyScript(
      List<RateLimit> level, List<RateLimit> global, RateLimitAlgorithm algorithm, @Nullable Ticker serverClock) {
    this.serverClock = serverClock;
    byte[][] own = RateLimitScript.limitArgs(level, algorithm);
    byte[][] shared = RateLimitScript.limitArgs(global, algorithm);
    this.tail = new byte[3 + own.length + shared.length][];
    tail[0] = RateLimitScript.ascii(RateLimitScript.letter(algorithm));
    tail[1] = RateLimitScript.ascii(Long.toString(serverClock == null ? 0 : RateLimitScript.TEST_TTL_PAD_MILLIS));
    tail[2] = RateLimitScript.ascii(Integer.toString(level.size()));
    System.arraycopy(own, 0, tail, 3, own.length);
    System.arraycopy(shared, 0, tail, 3 + own.length, shared.length);
  }

  /** ARGV for one decision. */
  List<byte[]> args(int permits) {
    byte[][] args = new byte[2 + tail.length][];
    Ticker clock = serverClock;
    args[0] = clock == null ? SERVER_TIME : RateLimitScript.ascii(Long.toString(Math.floorDiv(clock.read(), 1000L)));
    args[1] = RateLimitScript.permitsArg(permits);
    System.arraycopy(tail, 0, args, 2, tail.length);
    return Arrays.asList(args);
  }

  /**
   * Decodes the script's reply: twelve space-separated decimal integers.
   *
   * @throws JedisDataException if the reply is not twelve integers
   */
  static Reply decode(Object reply) {
    long[] v = RateLimitScript.integers(reply, 12, "hierarchy.lua");
    return new Reply(
        v[0] == 1, v[1] == 2, (int) v[2] - 1, v[3], v[4], v[5],
        v[6], (int) v[7] - 1, v[8], v[9], (int) v[10] - 1, v[11]);
  }

  /**
   * One decision as the script reports it; times in microseconds, limit indexes into the described
   * level's limits.
   *
   * @param allowed whether both levels granted the permits (and they were taken)
   * @param global whether the described level is the global one (else the client level)
   * @param limitIndex the described limit
   * @param remaining its remaining permits
   * @param retryAfterMicros the wait, 0 when allowed, -1 when the permits exceed a burst
   * @param resetAfterMicros the described limit's time until full
   * @param clientDenyMicros when the client level has no single permit left, the wait for one; else 0
   * @param clientDenyIndex the client limit imposing it (-1 without one)
   * @param clientDenyResetMicros that limit's time until full
   * @param globalDenyMicros the same for the global level (0 when it was not consulted)
   * @param globalDenyIndex the global limit imposing it (-1 without one)
   * @param globalDenyResetMicros that limit's time until full
   */
  record Reply(
      boolean allowed,
      boolean global,
      int limitIndex,
      long remaining,
      long retryAfterMicros,
      long resetAfterMicros,
      long clientDenyMicros,
      int clientDenyIndex,
      long clientDenyResetMicros,
      long globalDenyMicros,
      int globalDenyIndex,
      long globalDenyResetMicros) {}
}
