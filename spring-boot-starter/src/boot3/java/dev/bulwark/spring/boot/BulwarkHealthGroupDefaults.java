package dev.bulwark.spring.boot;

import org.springframework.boot.env.EnvironmentPostProcessor;

/**
 * {@link HealthGroupDefaults} as this Boot line's {@link EnvironmentPostProcessor}: puts
 * {@code bulwark} in the {@code readiness} health group and {@code bulwarkLiveness} in the
 * {@code liveness} group unless switched off. Registered in {@code META-INF/spring.factories}.
 */
final class BulwarkHealthGroupDefaults extends HealthGroupDefaults implements EnvironmentPostProcessor {

  BulwarkHealthGroupDefaults() {}
}
