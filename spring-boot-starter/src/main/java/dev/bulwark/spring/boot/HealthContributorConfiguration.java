package dev.bulwark.spring.boot;

import dev.bulwark.http.EdgeHealth;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The Actuator health contributors {@code bulwark} and {@code bulwarkLiveness}, the same on every
 * Boot line. Each line's {@code BulwarkHealthAutoConfiguration} (src/boot3, src/boot4) extends this
 * and adds only the class-level conditions that name that line's Actuator types, whose packages
 * moved in Boot 4; {@link BulwarkHealthIndicator} (one per line) implements that line's
 * {@code HealthIndicator}.
 */
abstract class HealthContributorConfiguration {

  HealthContributorConfiguration() {}

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
  public BulwarkHealthIndicator bulwarkHealthIndicator(EdgeHealth health) {
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
  public BulwarkHealthIndicator bulwarkLivenessHealthIndicator(EdgeHealth health) {
    return new BulwarkHealthIndicator(health::liveness);
  }
}
