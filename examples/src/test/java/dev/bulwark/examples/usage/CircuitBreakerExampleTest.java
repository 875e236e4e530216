package dev.bulwark.examples.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import org.junit.jupiter.api.Test;

class CircuitBreakerExampleTest {

  @Test
  void opensAfterThreeFailuresRejectsThenClosesOnATrialSuccess() {
    assertThat(CircuitBreakerExample.run(new ManualTicker())).containsExactly(
        "failed: upstream down",
        "failed: upstream down",
        "CLOSED -> OPEN (CONSECUTIVE_FAILURES)",
        "failed: upstream down",
        "rejected, retry after 30 s",
        "OPEN -> HALF_OPEN (OPEN_DURATION_ELAPSED)",
        "HALF_OPEN -> CLOSED (TRIALS_SUCCEEDED)",
        "answer",
        "state: CLOSED");
  }
}
