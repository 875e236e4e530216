package dev.bulwark.spring.boot;

import dev.bulwark.http.EdgeHealth;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Adds the Actuator health contributor {@code bulwark} ({@link BulwarkHealthIndicator}) when
 * Actuator's health support is present and {@code management.health.bulwark.enabled} is not false.
 * Left out when the application defines a bean named {@code bulwarkHealthIndicator}.
 * {@link BulwarkHealthGroupDefaults} puts it in the {@code readiness} group.
 */
@AutoConfiguration(after = BulwarkAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnProperty(prefix = "bulwark.spring", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnEnabledHealthIndicator("bulwark")
public class BulwarkHealthAutoConfiguration {

  /** Creates the auto-configuration; Spring calls this. */
  public BulwarkHealthAutoConfiguration() {}

  /**
   * The health contributor {@code bulwark}: the edge's readiness ({@link EdgeHealth#readiness()}:
   * DOWN while draining or while a breaker marked critical is open).
   *
   * @param health the edge's health
   * @return the indicator
   */
  @Bean
  @ConditionalOnBean(EdgeHealth.class)
  @ConditionalOnMissingBean(name = "bulwarkHealthIndicator")
  public HealthIndicator bulwarkHealthIndicator(EdgeHealth health) {
    return new BulwarkHealthIndicator(health::readiness);
  }

  /**
   * The health contributor {@code bulwarkLiveness}: the edge's liveness
   * ({@link EdgeHealth#liveness()}: DOWN only when the process is broken), which the starter puts
   * in Boot's {@code liveness} group.
   *
   * @param health the edge's health
   * @return the indicator
   */
  @Bean
  @ConditionalOnBean(EdgeHealth.class)
  @ConditionalOnMissingBean(name = "bulwarkLivenessHealthIndicator")
  public HealthIndicator bulwarkLivenessHealthIndicator(EdgeHealth health) {
    return new BulwarkHealthIndicator(health::liveness);
  }
}
