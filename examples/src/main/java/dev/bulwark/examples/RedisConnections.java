package dev.bulwark.examples;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Opens the demo's Redis client from a {@code redis://} or {@code rediss://} URL (user, password
 * and database taken from the URL), with every call bounded: Jedis cannot abandon a call in flight,
 * so the connection and socket timeouts and the pool's wait for a free connection are all
 * {@value #TIMEOUT_MILLIS} ms, as ratelimit-redis recommends.
 */
final class RedisConnections {

  /** The bound on connecting, on each call, and on waiting for a pooled connection. */
  static final int TIMEOUT_MILLIS = 250;

  /** The most connections in the pool. */
  static final int MAX_CONNECTIONS = 32;

  private RedisConnections() {}

  /**
   * Opens the client and pings the server once; a server that does not answer is no error (the
   * limits fall back to memory until it does) but adds a note saying so.
   */
  static UnifiedJedis open(String url, List<String> notes) {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(MAX_CONNECTIONS);
    pool.setMaxIdle(MAX_CONNECTIONS);
    pool.setMaxWait(Duration.ofMillis(TIMEOUT_MILLIS));
    JedisPooled redis = new JedisPooled(pool, URI.create(url), TIMEOUT_MILLIS, TIMEOUT_MILLIS);
    try {
      redis.ping();
    } catch (JedisException e) {
      notes.add("Redis at " + redacted(url) + " does not answer (" + e.getMessage()
          + "): the limits fall back to memory until it does");
    }
    return redis;
  }

  /** The URL without its user information (a password must not reach the console). */
  static String redacted(String url) {
    URI uri = URI.create(url);
    return uri.getUserInfo() == null ? url : uri.getScheme() + "://***@" + uri.getHost()
        + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }
}
