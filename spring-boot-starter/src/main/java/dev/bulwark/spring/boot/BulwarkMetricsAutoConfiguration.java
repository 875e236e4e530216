package dev.bulwark.spring.boot;

import dev.bulwark.circuitbreaker.CircuitBreakerRegistry;
import dev.bulwark.http.Edge;
import dev.bulwark.micrometer.CircuitBreakerRegistryBinder;
import dev.bulwark.micrometer.EdgeBinder;
import dev.bulwark.micrometer.EdgeMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Binds Bulwark's meters to Spring Boot's {@code MeterRegistry} when Micrometer and
 * {@code bulwark-micrometer-metrics} are present: Boot binds every {@link MeterBinder} bean. Beans,
 * each left out when the application defines its own:
 * <ul>
 *   <li>{@link EdgeMetrics} {@code bulwarkEdgeMetrics}, the request counts; as the only
 *       {@link dev.bulwark.http.EdgeListener} bean it becomes the auto-configured edge's listener
 *       (define a second listener and neither is set: then build the loader yourself);
 *   <li>{@code bulwarkEdgeMeters}: {@link EdgeBinder} of the {@link Edge} bean ({@code bulwark.edge.requests},
 *       {@code bulwark.validation.violations}, each route's limiters and breaker);
 *   <li>{@code bulwarkCircuitBreakerMeters}: {@link CircuitBreakerRegistryBinder} of the registry, so
 *       the outbound breakers are measured too (a route's breaker is bound once: Micrometer returns
 *       the meter already registered under the same name and tags). A registry the application
 *       defines without {@code recordStats()} keeps no statistics to publish: its breakers then have
 *       only the meters {@code bulwarkEdgeMeters} binds for the edge's routes, and this binder binds
 *       nothing.
 * </ul>
 * The binders read the primitives' statistics when the registry publishes: nothing is added to the
 * request path beyond the edge listener's count.
 */
@AutoConfiguration(after = BulwarkAutoConfiguration.class)
@ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry", "dev.bulwark.micrometer.EdgeBinder"})
@ConditionalOnProperty(prefix = "bulwark.spring", name = "enabled", havingValue = "true", matchIfMissing = true)
public class BulwarkMetricsAutoConfiguration {

  /** Creates the auto-configuration; Spring calls this. */
  public BulwarkMetricsAutoConfiguration() {}

  /**
   * The edge's request counts, its listener.
   *
   * @return new counts
   */
  @Bean
  @ConditionalOnMissingBean
  public EdgeMetrics bulwarkEdgeMetrics() {
    return EdgeMetrics.create();
  }

  /**
   * The edge's meters.
   *
   * @param edge the edge
   * @param metrics the counts given to the edge as its listener
   * @return the binder Boot applies to its registries
   */
  @Bean
  @ConditionalOnBean(Edge.class)
  @ConditionalOnMissingBean(name = "bulwarkEdgeMeters")
  public MeterBinder bulwarkEdgeMeters(Edge edge, EdgeMetrics metrics) {
    return EdgeBinder.of(edge, metrics);
  }

  /**
   * The meters of every breaker in the registry.
   *
   * @param breakers the registry
   * @return the binder Boot applies to its registries; one that binds nothing when the registry
   *     keeps no statistics
   */
  @Bean
  @ConditionalOnBean(CircuitBreakerRegistry.class)
  @ConditionalOnMissingBean(name = "bulwarkCircuitBreakerMeters")
  public MeterBinder bulwarkCircuitBreakerMeters(CircuitBreakerRegistry breakers) {
    if (!breakers.recordsStats()) {
      return registry -> {};
    }
    return CircuitBreakerRegistryBinder.of(breakers);
  }
}
