package dev.bulwark.ratelimit.redis;

import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Runs this module's scripts with one round trip: EVALSHA, and only when the server does not know
 * the script (a restarted or new server, SCRIPT FLUSH, a failed-over cluster node), SCRIPT LOAD on
 * the node that owns the first key and EVALSHA once more. Thread-safe (as the Jedis client is).
 */
final class ScriptRunner {

  private final UnifiedJedis redis;

  ScriptRunner(UnifiedJedis redis) {
    this.redis = redis;
    // Read and hash the scripts now, on the builder's thread: left to the first call, class
    // initialisation (resource I/O, SHA-1) would pin every virtual thread that calls meanwhile.
    LuaScript.initialize();
  }

  /**
   * Runs {@code script}.
   *
   * @param keys the script's KEYS, at least one; all in one cluster slot
   * @param args the script's ARGV
   * @return the script's reply, as Jedis decodes it
   * @throws redis.clients.jedis.exceptions.JedisException whatever the client throws: connection
   *     failures, timeouts, cluster errors, script errors, or NOSCRIPT a second time
   */
  Object run(LuaScript script, List<byte[]> keys, List<byte[]> args) {
    try {
      return redis.evalsha(script.sha1(), keys, args);
    } catch (JedisNoScriptException e) {
      redis.scriptLoad(script.source(), keys.get(0));
      return redis.evalsha(script.sha1(), keys, args);
    }
  }
}
