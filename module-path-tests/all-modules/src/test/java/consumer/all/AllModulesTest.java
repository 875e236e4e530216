package consumer.all;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.http.Edge;
import dev.bulwark.micrometer.EdgeMetrics;
import dev.bulwark.micrometer.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** One call into each Bulwark module, from a named module on the module path. */
class AllModulesTest {

  @Test
  void everyBulwarkModuleIsANamedModuleOfTheBootLayer() {
    assertEquals("consumer.all", getClass().getModule().getName());
    Set<String> bulwark = ModuleLayer.boot().modules().stream().map(Module::getName)
        .filter(n -> n.startsWith("dev.bulwark.")).collect(Collectors.toSet());
    assertEquals(Set.of("dev.bulwark.core", "dev.bulwark.ratelimit", "dev.bulwark.ratelimit.redis",
        "dev.bulwark.circuitbreaker", "dev.bulwark.retry", "dev.bulwark.validation",
        "dev.bulwark.headers", "dev.bulwark.http", "dev.bulwark.config", "dev.bulwark.servlet", "dev.bulwark.netty",
        "dev.bulwark.micrometer", "dev.bulwark.http.client"), bulwark);
  }

  /** A jar found in a flat lib folder says what it is (#18 item 6). */
  @Test
  void everyBulwarkJarNamesItselfInItsManifest() throws Exception {
    for (Module module : ModuleLayer.boot().modules()) {
      if (!module.getName().startsWith("dev.bulwark.")) {
        continue;
      }
      java.util.Optional<java.net.URI> location =
          ModuleLayer.boot().configuration().findModule(module.getName()).orElseThrow().reference().location();
      java.nio.file.Path jar = java.nio.file.Path.of(location.orElseThrow());
      if (!jar.toString().endsWith(".jar")) {
        continue; // target/classes when a build resolves the reactor's classes instead of its jars
      }
      assertTrue(jar.getFileName().toString().startsWith("bulwark-"), jar + " carries the bulwark- prefix");
      try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
        java.util.jar.Attributes main = file.getManifest().getMainAttributes();
        assertNotNull(main.getValue("Implementation-Title"), jar + " has an Implementation-Title");
        assertEquals("0.1.0-SNAPSHOT", main.getValue("Implementation-Version"), jar.toString());
      }
    }
  }

  @Test
  void httpClient() {
    assertEquals("refused", Calls.httpClientCallToAClosedPort());
  }

  @Test
  void core() {
    assertEquals(400_000_000L, Calls.backoffNanos(2));
  }

  @Test
  void ratelimit() {
    assertEquals(3, Calls.permitted(5));
  }

  @Test
  void circuitbreakerAndRetry() throws Exception {
    assertEquals("ok after 2", Calls.pipeline());
  }

  @Test
  void validation() {
    assertTrue(Calls.sqlInjection("1' OR '1'='1"));
    assertFalse(Calls.sqlInjection("O'Brien"));
  }

  @Test
  void headers() {
    assertTrue(Calls.strictHeaderNames().contains("Strict-Transport-Security"));
  }

  @Test
  void config() {
    assertTrue(Calls.configuredRoutes() >= 1);
  }

  @Test
  void servletAdapter() {
    Calls.filter(Calls.edge(EdgeMetrics.create())).destroy();
  }

  @Test
  void nettyAdapterWithHttpEdgeAndItsMetrics() {
    EdgeMetrics metrics = EdgeMetrics.create();
    Edge edge = Calls.edge(metrics);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Calls.bindEdge(edge, metrics, registry);
    EmbeddedChannel channel = new EmbeddedChannel(Calls.handler(edge)) {
      @Override
      protected SocketAddress remoteAddress0() {
        return new InetSocketAddress("127.0.0.1", 50_000);
      }
    };

    channel.writeInbound(get());
    HttpRequest admitted = channel.readInbound();
    assertEquals("/limited", admitted.uri());
    ReferenceCountUtil.release(admitted);
    channel.writeOutbound(ok());
    HttpResponse first = channel.readOutbound();
    assertEquals(HttpResponseStatus.OK, first.status());
    ReferenceCountUtil.release(first);

    channel.writeInbound(get());
    Object refused = channel.readOutbound();
    assertInstanceOf(HttpResponse.class, refused);
    assertEquals(HttpResponseStatus.TOO_MANY_REQUESTS, ((HttpResponse) refused).status());
    ReferenceCountUtil.release(refused);
    channel.finishAndReleaseAll();

    assertEquals(1.0, registry.get(MetricNames.EDGE_REQUESTS)
        .tags(MetricNames.OUTCOME, "rate_limit").functionCounter().count());
  }

  @Test
  void micrometerPrimitiveAndRedisBinders() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Calls.boundLimiter(registry).tryAcquire();
    assertEquals(1.0, registry.get(MetricNames.RATELIMIT_DECISIONS)
        .tags(MetricNames.NAME, "bound", MetricNames.RESULT, "permitted").functionCounter().count());
    Calls.bindRedis(registry);
    assertNotNull(registry.find(MetricNames.REDIS_FALLBACK).meter());
  }

  private static DefaultFullHttpRequest get() {
    DefaultFullHttpRequest r = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/limited");
    r.headers().set("Host", "x");
    return r;
  }

  private static DefaultFullHttpResponse ok() {
    DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    r.headers().set("Content-Length", 0);
    return r;
  }
}
