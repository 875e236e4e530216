package dev.bulwark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuantitiesTest {

  @Test
  void durationsTakeEveryUnitAndSeveralGroups() {
    assertThat(Quantities.duration("7ns")).isEqualTo(Duration.ofNanos(7));
    assertThat(Quantities.duration("500us")).isEqualTo(Duration.ofNanos(500_000));
    assertThat(Quantities.duration("100ms")).isEqualTo(Duration.ofMillis(100));
    assertThat(Quantities.duration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Quantities.duration("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Quantities.duration("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Quantities.duration("365d")).isEqualTo(Duration.ofDays(365));
    assertThat(Quantities.duration("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Quantities.duration("1m0s500ms")).isEqualTo(Duration.ofMillis(60_500));
    assertThat(Quantities.duration("0s")).isEqualTo(Duration.ZERO);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "30", "s", "1.5s", "-1s", "1 s", "1s ", "PT30S", "1h 30m"})
  void malformedDurationsAreRefusedWithExamples(String text) {
    assertThatThrownBy(() -> Quantities.duration(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected a duration such as \"30s\", \"100ms\", \"15m\" or \"1h30m\"");
  }

  @Test
  void unknownUnitsAndOverflowAreNamed() {
    assertThatThrownBy(() -> Quantities.duration("3w"))
        .hasMessage("unknown unit 'w'; expected a duration such as \"30s\", \"100ms\", \"15m\" or \"1h30m\""
            + " (units ns, us, ms, s, m, h, d)");
    assertThatThrownBy(() -> Quantities.duration("9223372036854775807d"))
        .hasMessage("the duration is too long");
  }

  @Test
  void sizesUseDecimalAndBinaryUnitsExactly() {
    assertThat(Quantities.size("0")).isZero();
    assertThat(Quantities.size("512")).isEqualTo(512);
    assertThat(Quantities.size("512B")).isEqualTo(512);
    assertThat(Quantities.size("1KB")).isEqualTo(1_000);
    assertThat(Quantities.size("1KiB")).isEqualTo(1_024);
    assertThat(Quantities.size("1 MB")).isEqualTo(1_000_000);
    assertThat(Quantities.size("1mib")).isEqualTo(1_048_576);
    assertThat(Quantities.size("10MiB")).isEqualTo(10_485_760);
    assertThat(Quantities.size("2GB")).isEqualTo(2_000_000_000L);
    assertThat(Quantities.size("2GiB")).isEqualTo(2_147_483_648L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "MiB", "1.5MiB", "-1", "1 TiB", "1Mi", "ten"})
  void malformedSizesAreRefused(String text) {
    assertThatThrownBy(() -> Quantities.size(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("expected a size in bytes such as 1048576, \"512KiB\", \"1MiB\" or \"10MB\"");
  }

  @Test
  void sizesThatDoNotFitALongAreRefused() {
    assertThatThrownBy(() -> Quantities.size("9223372036854775807KiB")).hasMessage("the size is too large");
    assertThatThrownBy(() -> Quantities.size("99999999999999999999")).hasMessage("the size is too large");
  }
}
