package dev.bulwark.spring.boot;

import dev.bulwark.circuitbreaker.CircuitBreakerRegistry;
import dev.bulwark.config.LoadedConfig;
import dev.bulwark.http.Edge;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Adds the read-only {@link BulwarkEndpoint} when Actuator is present and the endpoint is available
 * (enabled and exposed: {@code management.endpoints.web.exposure.include=health,bulwark}). Left out
 * when the application defines its own {@link BulwarkEndpoint}.
 */
@AutoConfiguration(after = BulwarkAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnProperty(prefix = "bulwark.spring", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnAvailableEndpoint(endpoint = BulwarkEndpoint.class)
public class BulwarkEndpointAutoConfiguration {

  /** Creates the auto-configuration; Spring calls this. */
  public BulwarkEndpointAutoConfiguration() {}

  /**
   * The endpoint.
   *
   * @param edge the edge
   * @param breakers the breaker registry
   * @param config the loaded configuration, for the outbound entries' names (none without it)
   * @return the endpoint
   */
  @Bean
  @ConditionalOnBean({Edge.class, CircuitBreakerRegistry.class})
  @ConditionalOnMissingBean
  public BulwarkEndpoint bulwarkEndpoint(
      Edge edge, CircuitBreakerRegistry breakers, ObjectProvider<LoadedConfig> config) {
    LoadedConfig loaded = config.getIfAvailable();
    return new BulwarkEndpoint(edge, breakers, loaded == null ? Set.of() : loaded.outboundNames());
  }
}
