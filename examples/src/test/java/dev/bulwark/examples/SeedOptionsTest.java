package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --seed X} and {@code --config classpath:NAME}. */
class SeedOptionsTest {

  @Test
  void seedNamesTheBundledSeedFile() throws UsageException {
    assertThat(DemoOptions.parse(List.of("--seed", "e", "--no-scenario"), Map.of()).configResource())
        .isEqualTo("seeds/seed-e.yaml");
    assertThat(DemoOptions.parse(List.of("--seed=A"), Map.of()).configResource()).isEqualTo("seeds/seed-a.yaml");
    assertThat(DemoOptions.parse(List.of(), Map.of()).configResource()).isNull();
  }

  @Test
  void classpathConfigIsAResourceAndAPlainOneAFile() throws UsageException {
    DemoOptions resource = DemoOptions.parse(List.of("--config", "classpath:seeds/seed-c.yaml"), Map.of());
    assertThat(resource.configResource()).isEqualTo("seeds/seed-c.yaml");
    assertThat(resource.config()).isNull();
    DemoOptions file = DemoOptions.parse(List.of("--config", "my.yaml"), Map.of());
    assertThat(file.config()).isEqualTo(Path.of("my.yaml"));
    assertThat(file.configResource()).isNull();
  }

  @Test
  void badSeedsAndConflictsAreUsageErrors() {
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--seed", "f"), Map.of()))
        .isInstanceOf(UsageException.class).hasMessage("--seed must be one of a, b, c, d, e but was 'f'");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--seed", "a", "--config", "x.yaml"), Map.of()))
        .isInstanceOf(UsageException.class).hasMessage("--seed and --config both name the policies: give one");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--config", "classpath:"), Map.of()))
        .isInstanceOf(UsageException.class).hasMessageContaining("needs a resource name");
  }

  @Test
  void aMissingResourceIsAUsageErrorNamingIt() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    DemoMain main = new DemoMain(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(),
        (options, gateway) -> {
          throw new AssertionError("no server for a missing resource");
        }, false);
    assertThat(main.run(List.of("--config", "classpath:seeds/none.yaml", "--no-scenario", "--port", "0")))
        .isEqualTo(DemoMain.USAGE_ERROR);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--config: cannot read seeds/none.yaml: no class-path resource seeds/none.yaml");
  }
}
