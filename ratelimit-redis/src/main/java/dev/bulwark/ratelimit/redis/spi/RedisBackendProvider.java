package dev.bulwark.ratelimit.redis.spi;

import dev.bulwark.core.Ticker;
import dev.bulwark.ratelimit.HierarchicalRateLimiter;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import dev.bulwark.ratelimit.RateLimiterListener;
import dev.bulwark.ratelimit.redis.FailurePolicy;
import dev.bulwark.ratelimit.redis.RedisHierarchicalRateLimiter;
import dev.bulwark.ratelimit.redis.RedisHierarchicalRateLimiterBuilder;
import dev.bulwark.ratelimit.redis.RedisKeyedConcurrencyLimiter;
import dev.bulwark.ratelimit.redis.RedisKeyedConcurrencyLimiterBuilder;
import dev.bulwark.ratelimit.redis.RedisKeyedRateLimiter;
import dev.bulwark.ratelimit.redis.RedisKeyedRateLimiterBuilder;
import dev.bulwark.ratelimit.spi.LimiterBackend;
import dev.bulwark.ratelimit.spi.LimiterBackendProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.JedisPooled;

/**
 * The {@code redis} limiter backend: rate and concurrency limiters kept in one Redis server
 * (standalone; a cluster is built in code with {@code JedisCluster}). Options, all optional:
 * <ul>
 *   <li>{@code url}: a {@code redis://} or {@code rediss://} URL with optional user, password and
 *       database, default {@value #DEFAULT_URL};
 *   <li>{@code failurePolicy}: what the limiters decide while Redis cannot be used,
 *       {@code FAIL_OPEN} (default), {@code FAIL_CLOSED} or {@code FALLBACK_LOCAL} (see
 *       {@link FailurePolicy});
 *   <li>{@code expectedInstances}: the number of service instances sharing the limits, required
 *       by (and only allowed with) {@code FALLBACK_LOCAL};
 *   <li>{@code keyPrefix}: text put before every key, so that several services (or environments)
 *       can share one Redis: a limiter named {@code n} uses the key prefix {@code <keyPrefix>n:}.
 *       Without it, each builder's default prefix ({@code bulwark:rl:n:},
 *       {@code bulwark:hrl:n:}, ...);
 *   <li>{@code combineSynchronousCalls}: {@code false} (default) or {@code true}: whether
 *       concurrent synchronous callers' Redis calls share pipelined round trips (see
 *       {@link RedisKeyedRateLimiterBuilder#combineSynchronousCalls(boolean)}).
 * </ul>
 * It builds keyed rate limiters ({@link RedisKeyedRateLimiter}), hierarchical rate limiters
 * ({@link RedisHierarchicalRateLimiter}, one round trip per decision) and keyed concurrency limiters
 * ({@link RedisKeyedConcurrencyLimiter}). A URL's user information (a password) never appears in a
 * message or a {@code toString}: it is replaced by {@code ***}.
 * Every call is bounded: connecting, each command and the wait for a pooled connection each take
 * at most {@value #TIMEOUT_MILLIS} ms; the pool holds at most {@value #MAX_CONNECTIONS}
 * connections. The limiters' own defaults (call timeout, circuit breaker, deny cache) are those of
 * {@link RedisKeyedRateLimiterBuilder} and {@link RedisKeyedConcurrencyLimiterBuilder}.
 *
 * <p>Public only for {@link java.util.ServiceLoader}; its package is not exported.
 */
public final class RedisBackendProvider implements LimiterBackendProvider {

  /** The server used when no {@code url} is given. */
  public static final String DEFAULT_URL = "redis://localhost:6379";

  /** The bound on connecting, on each command and on waiting for a pooled connection. */
  static final int TIMEOUT_MILLIS = 250;

  /** The most connections in the pool. */
  static final int MAX_CONNECTIONS = 32;

  private static final Set<String> OPTIONS =
      Set.of("url", "failurePolicy", "expectedInstances", "keyPrefix", "combineSynchronousCalls");

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public RedisBackendProvider() {}

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public Set<String> optionNames() {
    return OPTIONS;
  }

  @Override
  public LimiterBackend open(Map<String, String> options, Ticker ticker) {
    Objects.requireNonNull(ticker, "ticker");
    for (String key : options.keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new IllegalArgumentException("unknown option " + key + "; known options: "
            + String.join(", ", OPTIONS.stream().sorted().toList()));
      }
    }
    URI url = url(options.getOrDefault("url", DEFAULT_URL));
    FailurePolicy policy = policy(options.get("failurePolicy"));
    int instances = instances(options.get("expectedInstances"));
    if ((policy == FailurePolicy.FALLBACK_LOCAL) != (instances > 0)) {
      throw new IllegalArgumentException(
          "expectedInstances is required by, and allowed only with, failurePolicy FALLBACK_LOCAL");
    }
    String keyPrefix = options.get("keyPrefix");
    if (keyPrefix != null && (keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0)) {
      throw new IllegalArgumentException(
          "keyPrefix must not contain '{' or '}' (Redis Cluster hash tags) but was \"" + keyPrefix + "\"");
    }
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(MAX_CONNECTIONS);
    pool.setMaxIdle(MAX_CONNECTIONS);
    pool.setMaxWait(Duration.ofMillis(TIMEOUT_MILLIS));
    JedisPooled redis = new JedisPooled(pool, url, TIMEOUT_MILLIS, TIMEOUT_MILLIS);
    boolean combine = combine(options.get("combineSynchronousCalls"));
    return new RedisBackend(redis, redacted(url.toString()), policy, instances, keyPrefix, combine, ticker);
  }

  private static URI url(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme();
      if (uri.getHost() == null || !("redis".equals(scheme) || "rediss".equals(scheme))) {
        throw new IllegalArgumentException(
            "url must be a redis:// or rediss:// URL with a host but was \"" + redacted(text) + "\"");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("url is malformed: \"" + redacted(text) + "\"", e);
    }
  }

  /**
   * Returns the URL without what may be a password: its user information becomes {@code ***}.
   *
   * @param url the URL as written
   * @return the URL fit for logs and messages
   */
  static String redacted(String url) {
    int at = url.lastIndexOf('@');
    int scheme = url.indexOf("://");
    return at < 0 || scheme < 0 || at < scheme ? url : url.substring(0, scheme + 3) + "***" + url.substring(at);
  }

  private static FailurePolicy policy(@Nullable String text) {
    if (text == null) {
      return FailurePolicy.FAIL_OPEN;
    }
    try {
      return FailurePolicy.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("failurePolicy must be FAIL_OPEN, FAIL_CLOSED or FALLBACK_LOCAL"
          + " but was \"" + text + "\"", e);
    }
  }

  private static boolean combine(@Nullable String text) {
    if (text == null || text.equalsIgnoreCase("false")) {
      return false;
    }
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    throw new IllegalArgumentException(
        "combineSynchronousCalls must be true or false but was \"" + text + "\"");
  }

  private static int instances(@Nullable String text) {
    if (text == null) {
      return 0;
    }
    try {
      int n = Integer.parseInt(text);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("expectedInstances must be an integer >= 1 but was \"" + text + "\"");
  }

  /** One opened connection pool and the settings of the limiters built on it. */
  private static final class RedisBackend implements LimiterBackend {
    private final JedisPooled redis;
    private final String where;
    private final FailurePolicy policy;
    private final int instances;
    private final @Nullable String keyPrefix;
    private final boolean combine;
    private final Ticker ticker;

    RedisBackend(
        JedisPooled redis, String where, FailurePolicy policy, int instances, @Nullable String keyPrefix,
        boolean combine, Ticker ticker) {
      this.redis = redis;
      this.where = where;
      this.policy = policy;
      this.instances = instances;
      this.keyPrefix = keyPrefix;
      this.combine = combine;
      this.ticker = ticker;
    }

    @Override
    public KeyedRateLimiter<String> rateLimiter(
        String name, List<RateLimit> limits, RateLimitAlgorithm algorithm) {
      RedisKeyedRateLimiterBuilder<Object> b = RedisKeyedRateLimiter.builder(redis, limits)
          .name(name)
          .algorithm(algorithm)
          .failurePolicy(policy)
          .combineSynchronousCalls(combine)
          .ticker(ticker)
          .recordStats();
      if (instances > 0) {
        b.expectedInstances(instances);
      }
      if (keyPrefix != null) {
        b.keyPrefix(keyPrefix + name + ":");
      }
      return b.<String>build();
    }

    @Override
    public HierarchicalRateLimiter<String> hierarchicalRateLimiter(
        String name,
        List<RateLimit> global,
        List<RateLimit> perClient,
        Map<String, List<RateLimit>> routes,
        RateLimitAlgorithm algorithm,
        List<RateLimiterListener> listeners) {
      RedisHierarchicalRateLimiterBuilder<Object> b = RedisHierarchicalRateLimiter.builder(redis)
          .name(name)
          .perClient(perClient.toArray(new RateLimit[0]))
          .algorithm(algorithm)
          .failurePolicy(policy)
          .combineSynchronousCalls(combine)
          .ticker(ticker)
          .recordStats();
      if (!global.isEmpty()) {
        b.global(global.toArray(new RateLimit[0]));
      }
      routes.forEach((route, limits) -> b.route(route, limits.toArray(new RateLimit[0])));
      listeners.forEach(b::listener);
      if (instances > 0) {
        b.expectedInstances(instances);
      }
      if (keyPrefix != null) {
        b.keyPrefix(keyPrefix + name + ":");
      }
      return b.<String>build();
    }

    @Override
    public KeyedConcurrencyLimiter<String> concurrencyLimiter(String name, int maxPerKey, int maxTotal) {
      RedisKeyedConcurrencyLimiterBuilder<Object> b = RedisKeyedConcurrencyLimiter.builder(redis, maxPerKey, maxTotal)
          .name(name)
          .failurePolicy(policy)
          .combineSynchronousCalls(combine)
          .ticker(ticker);
      if (instances > 0) {
        b.expectedInstances(instances);
      }
      if (keyPrefix != null) {
        b.keyPrefix(keyPrefix + name + ":");
      }
      return b.<String>build();
    }

    @Override
    public void close() {
      redis.close();
    }

    @Override
    public String toString() {
      return "redis backend at " + where + " (" + policy + ")";
    }
  }
}
