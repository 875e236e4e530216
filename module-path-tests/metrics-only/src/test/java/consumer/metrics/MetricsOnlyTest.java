package consumer.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bulwark.micrometer.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * docs/metrics.md promises that the metrics module needs Micrometer and the primitives only. This
 * consumer has neither http-edge (nor Jackson) nor ratelimit-redis (nor Jedis), runs on the module
 * path, and meters every primitive.
 */
class MetricsOnlyTest {

  @Test
  void runsAsANamedModuleWithBulwarkAsNamedModules() {
    assertEquals("consumer.metrics", getClass().getModule().getName());
    assertEquals("dev.bulwark.micrometer", MetricNames.class.getModule().getName());
    assertTrue(MetricNames.class.getModule().getLayer() != null);
  }

  @Test
  void theOptionalModulesAndTheirLibrariesAreNotThere() {
    for (String module : new String[] {"dev.bulwark.http", "dev.bulwark.ratelimit.redis",
        "redis.clients.jedis", "com.fasterxml.jackson.databind"}) {
      assertFalse(ModuleLayer.boot().findModule(module).isPresent(), module);
    }
    for (String type : new String[] {"dev.bulwark.http.Edge", "redis.clients.jedis.UnifiedJedis",
        "com.fasterxml.jackson.databind.ObjectMapper"}) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName(type), type);
    }
  }

  @Test
  void everyPrimitiveIsMeteredWithoutTheOptionalModules() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Metered m = new Metered().bindTo(registry);
    m.limiter.tryAcquire();
    m.limiter.tryAcquire();
    m.limiter.tryAcquire();

    assertEquals(2.0, registry.get(MetricNames.RATELIMIT_DECISIONS)
        .tags(MetricNames.NAME, "search", MetricNames.RESULT, "permitted").functionCounter().count());
    assertEquals(1.0, registry.get(MetricNames.RATELIMIT_DECISIONS)
        .tags(MetricNames.NAME, "search", MetricNames.RESULT, "rejected").functionCounter().count());
    assertEquals(4.0, registry.get(MetricNames.CONCURRENCY_LIMIT).tags(MetricNames.NAME, "db").gauge().value());
    assertEquals(1.0, registry.get(MetricNames.CIRCUITBREAKER_STATE)
        .tags(MetricNames.NAME, "llm", MetricNames.STATE, "closed").gauge().value());
    assertFalse(registry.find(MetricNames.RETRY_CALLS).tags(MetricNames.NAME, "payments").meters().isEmpty());
    assertFalse(registry.find(MetricNames.RATELIMIT_DECISIONS).tags(MetricNames.NAME, "per-ip").meters().isEmpty());
  }
}
