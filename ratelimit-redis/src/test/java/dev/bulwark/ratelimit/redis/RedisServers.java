package dev.bulwark.ratelimit.redis;

import java.net.URI;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * The Redis servers of the test run, as a JUnit extension that injects them into test methods and
 * {@code @BeforeAll} methods:
 * <ul>
 *   <li>{@link Standalone}: the server at {@code REDIS_URL} if that variable is set (e.g.
 *       {@code redis://127.0.0.1:6379}); else a {@code redis-server} started on a free port, from
 *       the PATH if there is one, else from the embedded-redis jar, so {@code ./mvnw verify} needs
 *       nothing installed;
 *   <li>{@link LocalCluster}: three masters started and formed from Java;
 *   <li>{@link JedisPooled}: one client pool on the standalone server, shared by the test classes
 *       that take it (none closes it; the run's end does).
 * </ul>
 * Each is started once per run, on first use, shared by every test class, and stopped when the run
 * ends. Fault tests start private servers with {@link RedisProcess#launch} and stop them themselves.
 */
final class RedisServers implements ParameterResolver {

  /** The shared standalone server's address. */
  record Standalone(HostAndPort address) {}

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RedisServers.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Standalone.class || type == LocalCluster.class || type == JedisPooled.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    Class<?> type = parameter.getParameter().getType();
    if (type == Standalone.class) {
      return store.getOrComputeIfAbsent(Standalone.class, k -> standalone(), Resource.class).value();
    }
    if (type == JedisPooled.class) {
      Standalone server =
          (Standalone) store.getOrComputeIfAbsent(Standalone.class, k -> standalone(), Resource.class).value();
      return store.getOrComputeIfAbsent(JedisPooled.class, k -> pool(server), Resource.class).value();
    }
    if (type == LocalCluster.class) {
      return store
          .getOrComputeIfAbsent(LocalCluster.class, k -> new Resource(LocalCluster.start(0)), Resource.class)
          .value();
    }
    throw new ParameterResolutionException("cannot resolve " + parameter);
  }

  private static Resource standalone() {
    String url = System.getenv("REDIS_URL");
    if (url != null && !url.isBlank()) {
      URI uri = URI.create(url);
      return new Resource(new Standalone(new HostAndPort(uri.getHost(), uri.getPort())));
    }
    RedisProcess process = RedisProcess.launch();
    return new Resource(new Standalone(process.hostAndPort()), process);
  }

  private static Resource pool(Standalone server) {
    JedisPooled pool = new JedisPooled(server.address());
    return new Resource(pool, pool);
  }

  /** A started server (or cluster) that the root store closes at the end of the run. */
  private static final class Resource implements ExtensionContext.Store.CloseableResource {
    private final Object value;
    private final AutoCloseable owned;

    Resource(Object value, AutoCloseable owned) {
      this.value = value;
      this.owned = owned;
    }

    Resource(LocalCluster cluster) {
      this(cluster, cluster);
    }

    Resource(Standalone external) {
      this(external, () -> {});
    }

    Object value() {
      return value;
    }

    @Override
    public void close() throws Exception {
      owned.close();
    }
  }
}
