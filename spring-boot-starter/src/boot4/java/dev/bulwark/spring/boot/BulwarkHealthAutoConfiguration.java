package dev.bulwark.spring.boot;

import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Adds the Actuator health contributors {@code bulwark} and {@code bulwarkLiveness}
 * ({@link HealthContributorConfiguration}) when Actuator's health support
 * ({@code org.springframework.boot.health.contributor.HealthIndicator}) is present and
 * {@code management.health.bulwark.enabled} is not false. Each is left out when the application
 * defines a bean of its name ({@code bulwarkHealthIndicator},
 * {@code bulwarkLivenessHealthIndicator}). {@link BulwarkHealthGroupDefaults} puts them in the
 * {@code readiness} and {@code liveness} groups.
 */
@AutoConfiguration(after = BulwarkAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnProperty(prefix = "bulwark.spring", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnEnabledHealthIndicator("bulwark")
public class BulwarkHealthAutoConfiguration extends HealthContributorConfiguration {

  /** Creates the auto-configuration; Spring calls this. */
  public BulwarkHealthAutoConfiguration() {}
}
