package dev.bulwark.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Shows an invalid {@code bulwark} section as Spring Boot's "APPLICATION FAILED TO START" report:
 * the problems (path, value, nearest valid key) as the description, and where to look as the action.
 * Registered in {@code META-INF/spring.factories}.
 */
final class BulwarkConfigFailureAnalyzer extends AbstractFailureAnalyzer<InvalidBulwarkConfigurationException> {

  BulwarkConfigFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidBulwarkConfigurationException cause) {
    return new FailureAnalysis(
        "The bulwark configuration is invalid.\n\n" + cause.getMessage(),
        "Correct the bulwark.* keys named above (application.yml, application.properties, profiles or"
            + " the command line); docs/config.md lists every key, and docs/spring-boot.md the starter's.",
        cause);
  }
}
