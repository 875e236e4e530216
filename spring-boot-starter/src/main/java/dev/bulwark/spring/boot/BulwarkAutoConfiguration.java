package dev.bulwark.spring.boot;

import dev.bulwark.circuitbreaker.CircuitBreakerRegistry;
import dev.bulwark.config.ConfigException;
import dev.bulwark.config.EdgeConfigLoader;
import dev.bulwark.config.LoadedConfig;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeHealth;
import dev.bulwark.http.EdgeListener;
import dev.bulwark.servlet.BulwarkFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configures Bulwark from the {@code bulwark} section of the Spring environment, which is the
 * config module's document (see {@code docs/config.md}; {@code docs/spring-boot.md} for the
 * starter). Beans, each left out when the application defines its own of the same type (or name):
 * <ul>
 *   <li>{@link CircuitBreakerRegistry}: every breaker of the document (routes' and outbound) is
 *       created through it, so it lists them all;
 *   <li>{@link EdgeConfigLoader}: with that registry, the {@link EdgeListener} bean if there is
 *       exactly one (the Micrometer counts, when Micrometer is present), backends found through
 *       {@link java.util.ServiceLoader} (such as {@code redis} with {@code bulwark-ratelimit-redis}),
 *       and every {@link BulwarkLoaderCustomizer};
 *   <li>{@link LoadedConfig}: the document loaded once at startup; an invalid document fails the
 *       startup with {@link InvalidBulwarkConfigurationException}. Closed with the context (which
 *       closes the backends it opened, such as a Redis pool);
 *   <li>{@link Edge} and its {@link EdgeHealth};
 *   <li>{@code bulwarkFilter}, a {@link FilterRegistrationBean} of the servlet adapter's
 *       {@link BulwarkFilter} on {@code /*} for REQUEST dispatches, ordered
 *       {@code bulwark.spring.filter-order} (default {@value #DEFAULT_FILTER_ORDER}: before Spring
 *       Security's filter chain at -100), in a servlet web application. Left out when the
 *       application has a bean named {@code bulwarkFilter} or a {@link BulwarkFilter} bean;
 *   <li>one {@link dev.bulwark.core.Pipeline} per {@code outbound} entry, named
 *       {@code bulwark.outbound.<name>} with the qualifier {@code <name>} (see
 *       {@link OutboundPipelineRegistrar}).
 * </ul>
 * {@code bulwark.spring.enabled=false} turns all of it off.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "bulwark.spring", name = "enabled", havingValue = "true", matchIfMissing = true)
@Import(OutboundPipelineRegistrar.class)
public class BulwarkAutoConfiguration {

  /** The filter's order unless {@code bulwark.spring.filter-order} says otherwise. */
  public static final int DEFAULT_FILTER_ORDER = -101;

  /** The name of the filter registration bean; an application bean of this name replaces it. */
  public static final String FILTER_BEAN_NAME = "bulwarkFilter";

  /** Creates the auto-configuration; Spring calls this. */
  public BulwarkAutoConfiguration() {}

  /**
   * The registry every breaker of the document is created in.
   *
   * @return a registry with the default configuration and statistics recorded (for the meters)
   */
  @Bean
  @ConditionalOnMissingBean
  public CircuitBreakerRegistry bulwarkCircuitBreakerRegistry() {
    return CircuitBreakerRegistry.builder().recordStats().build();
  }

  /**
   * The loader of the document.
   *
   * @param breakers the registry breakers are created in
   * @param listener the edge listener, used if there is exactly one
   * @param customizers applied in order before the loader is built
   * @return the loader
   */
  @Bean
  @ConditionalOnMissingBean
  public EdgeConfigLoader bulwarkEdgeConfigLoader(
      CircuitBreakerRegistry breakers,
      ObjectProvider<EdgeListener> listener,
      ObjectProvider<BulwarkLoaderCustomizer> customizers) {
    EdgeConfigLoader.Builder builder = EdgeConfigLoader.builder().circuitBreakerRegistry(breakers);
    listener.ifUnique(builder::edgeListener);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  /**
   * The document, loaded once.
   *
   * @param loader the loader
   * @param environment the environment holding the {@code bulwark} section
   * @return the loaded configuration
   * @throws InvalidBulwarkConfigurationException if the document has problems
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public LoadedConfig bulwarkConfig(EdgeConfigLoader loader, Environment environment) {
    String json = SpringDocument.read(environment, SchemaTypes.load()).toString();
    try {
      return loader.fromJson(json);
    } catch (ConfigException e) {
      throw new InvalidBulwarkConfigurationException(e);
    }
  }

  /**
   * The edge of the document.
   *
   * @param config the loaded configuration
   * @return its edge
   */
  @Bean
  @ConditionalOnMissingBean
  public Edge bulwarkEdge(LoadedConfig config) {
    return config.edge();
  }

  /**
   * The edge's health, whose readiness and liveness the Actuator health contributors map. For the
   * configured edge it is {@link LoadedConfig#health()}: the edge's breakers and limiters, every
   * outbound breaker, and the document's {@code health} marks; for an edge the application
   * defined itself, that edge's breakers and limiters.
   *
   * @param edge the edge
   * @param config the loaded configuration, when there is one
   * @return the edge's health
   */
  @Bean
  @ConditionalOnMissingBean
  public EdgeHealth bulwarkEdgeHealth(Edge edge, ObjectProvider<LoadedConfig> config) {
    LoadedConfig loaded = config.getIfAvailable();
    if (loaded != null && loaded.edge() == edge) {
      return loaded.health().build();
    }
    return EdgeHealth.builder(edge).build();
  }

  /** The servlet filter, in a servlet web application. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "jakarta.servlet.Filter")
  static class FilterConfiguration {

    FilterConfiguration() {}

    @Bean(FILTER_BEAN_NAME)
    @ConditionalOnMissingBean(name = FILTER_BEAN_NAME, value = BulwarkFilter.class)
    FilterRegistrationBean<BulwarkFilter> bulwarkFilter(Edge edge, Environment environment) {
      FilterRegistrationBean<BulwarkFilter> registration = new FilterRegistrationBean<>(new BulwarkFilter(edge));
      registration.setName("bulwark");
      registration.addUrlPatterns("/*");
      registration.setOrder(environment.getProperty("bulwark.spring.filter-order", Integer.class, DEFAULT_FILTER_ORDER));
      return registration;
    }
  }
}
