package dev.bulwark.examples.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterExampleTest {

  @Test
  void fivePerMinuteGrantsTheBurstThenAsksForTwelveSeconds() {
    ManualTicker ticker = new ManualTicker();

    assertThat(RateLimiterExample.run(ticker)).containsExactly(
        "granted at once: 5",
        "allowed=false remaining=0 Retry-After: 12",
        "after 12 s: allowed=true");
    assertThat(ticker.read()).isEqualTo(Duration.ofSeconds(12).toNanos());
  }
}
