/**
 * Spring Boot auto-configuration of Bulwark. The {@code bulwark} section of the Spring environment
 * ({@code application.yml}, {@code application.properties}, profiles, command line) is the
 * {@code bulwark-config} document, read once by {@link dev.bulwark.config.EdgeConfigLoader}; from it
 * {@link dev.bulwark.spring.boot.BulwarkAutoConfiguration} makes the
 * {@link dev.bulwark.http.Edge}, its servlet filter, the outbound {@link dev.bulwark.core.Pipeline}s
 * and a {@link dev.bulwark.circuitbreaker.CircuitBreakerRegistry}; the Actuator and Micrometer
 * configurations add health, meters and the read-only {@code bulwark} endpoint. Every bean backs off
 * when the application defines its own.
 *
 * <p>No {@code module-info}: Spring Boot applications run on the class path, Spring's jars are
 * automatic modules whose names and packages differ between Boot 3.5 and 4.0 (health moved from
 * {@code spring.boot.actuator} to {@code spring.boot.health}), so one descriptor cannot serve both
 * lines. The jar names its module {@code dev.bulwark.spring.boot} (Automatic-Module-Name).
 */
@NullMarked
package dev.bulwark.spring.boot;

import org.jspecify.annotations.NullMarked;
