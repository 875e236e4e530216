package dev.bulwark.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DecisionCounterTest {

  @Test
  void countsEachKindOfDecision() {
    DecisionCounter counter = new DecisionCounter();
    assertThat(counter.permitted()).isZero();
    counter.record(true);
    counter.record(true);
    counter.record(false);
    assertThat(counter.permitted()).isEqualTo(2);
    assertThat(counter.rejected()).isEqualTo(1);
    assertThat(counter).hasToString("DecisionCounts[permitted=2, rejected=1]");
  }
}
