package dev.bulwark.spring.boot;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Puts the {@code bulwark} health contributor in Boot's {@code readiness} group and
 * {@code bulwarkLiveness} in its {@code liveness} group: adds, with the
 * lowest precedence (any setting of the application wins),
 * {@code management.endpoint.health.probes.enabled=true} and
 * {@code management.endpoint.health.group.readiness.include=readinessState,bulwark} and
 * {@code management.endpoint.health.group.liveness.include=livenessState,bulwarkLiveness}. Does nothing
 * when {@code bulwark.spring.enabled}, {@code bulwark.spring.readiness} or
 * {@code management.health.bulwark.enabled} is false (a group naming a missing contributor would
 * fail the startup). Runs after the application's configuration files are read.
 *
 * <p>The same on every Boot line; each line's {@code BulwarkHealthGroupDefaults} (src/boot3,
 * src/boot4) only adds that line's {@code EnvironmentPostProcessor} interface, whose package moved
 * in Boot 4, and is registered in that line's {@code META-INF/spring.factories}.
 */
abstract class HealthGroupDefaults implements Ordered {

  /** The name of the property source this adds. */
  static final String SOURCE_NAME = "bulwarkHealthGroupDefaults";

  HealthGroupDefaults() {}

  /**
   * Adds the group defaults to {@code environment} unless one of the switches above is false.
   *
   * @param environment the application's environment, its configuration files already read
   * @param application the application (unused)
   */
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    if (off(environment, "bulwark.spring.enabled") || off(environment, "bulwark.spring.readiness")
        || off(environment, "management.health.bulwark.enabled")) {
      return;
    }
    environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, Map.of(
        "management.endpoint.health.probes.enabled", "true",
        "management.endpoint.health.group.readiness.include", "readinessState,bulwark",
        "management.endpoint.health.group.liveness.include", "livenessState,bulwarkLiveness")));
  }

  private static boolean off(ConfigurableEnvironment environment, String key) {
    return "false".equalsIgnoreCase(environment.getProperty(key));
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
