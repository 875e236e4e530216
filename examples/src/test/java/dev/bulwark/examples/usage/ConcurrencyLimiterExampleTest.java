package dev.bulwark.examples.usage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConcurrencyLimiterExampleTest {

  @Test
  void permitsAreReleasedByTryWithResourcesEvenWhenTheCallThrows() {
    assertThat(ConcurrencyLimiterExample.run()).containsExactly(
        "acquired: true, true, false",
        "in flight: 2 of 2",
        "in flight after the block: 0",
        "query failed (connection reset), in flight: 0");
  }
}
