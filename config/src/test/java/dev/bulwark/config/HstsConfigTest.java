package dev.bulwark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code securityHeaders.hsts}: always, secure-only or never. */
class HstsConfigTest {

  private static List<String> problems(String yaml) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> EdgeConfigLoader.defaults().fromYaml(yaml));
    assertThat(e).as("problems of %s", yaml).isNotNull();
    return e.problems();
  }

  @Test
  void everyModeLoads() {
    for (String mode : List.of("always", "secure-only", "never")) {
      assertThatCode(() -> EdgeConfigLoader.defaults().fromYaml(
          "routeDefaults:\n  securityHeaders: {profile: legacy, hsts: " + mode + "}\n")).doesNotThrowAnyException();
    }
  }

  @Test
  void anUnknownModeIsAProblemNamingTheChoices() {
    assertThat(problems("routeDefaults:\n  securityHeaders: {profile: legacy, hsts: production}\n"))
        .singleElement().asString()
        .contains("securityHeaders.hsts", "\"production\"", "always", "secure-only", "never");
  }

  @Test
  void alwaysWithoutAnHstsHeaderIsAProblem() {
    assertThat(problems("routeDefaults:\n  securityHeaders: {profile: none, hsts: always}\n"))
        .singleElement().asString().contains("needs a Strict-Transport-Security header");
  }
}
