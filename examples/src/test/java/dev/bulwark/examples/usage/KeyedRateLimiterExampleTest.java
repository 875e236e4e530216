package dev.bulwark.examples.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import org.junit.jupiter.api.Test;

class KeyedRateLimiterExampleTest {

  @Test
  void eachClientHasItsOwnBurstAndRefill() {
    assertThat(KeyedRateLimiterExample.run(new ManualTicker())).containsExactly(
        "203.0.113.7: YYYn",
        "198.51.100.2: true",
        "keys tracked: 2",
        "203.0.113.7 after 1 s: true");
  }
}
