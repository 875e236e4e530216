package dev.bulwark.examples.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.retry.Retry;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RetryExampleTest {

  private static final long MS = 1_000_000L;

  private final ManualTicker ticker = new ManualTicker();
  /** Full jitter with a random of 0.5 waits exactly half of each exponential delay. */
  private final Retry retry = RetryExample.retry(ticker, () -> 0.5);

  @Test
  void twoFailuresThenTheResultAfterHalfOf100And200Milliseconds() throws Exception {
    RetryExample.FlakyService service = new RetryExample.FlakyService(2);

    assertThat(retry.call(service::fetch)).isEqualTo("catalog page");
    assertThat(service.calls()).isEqualTo(3);
    assertThat(ticker.sleeps()).containsExactly(50 * MS, 100 * MS);
  }

  @Test
  void anOutageExhaustsFourAttemptsAndThrowsTheLastFailure() {
    RetryExample.FlakyService service = new RetryExample.FlakyService(10);

    assertThatThrownBy(() -> retry.call(service::fetch))
        .isInstanceOf(IOException.class)
        .hasMessage("connection reset")
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(3));
    assertThat(service.calls()).isEqualTo(4);
    assertThat(ticker.sleeps()).containsExactly(50 * MS, 100 * MS, 200 * MS);
  }

  @Test
  void aFailureOutsideTheRetryOnPredicateIsNotRetried() {
    assertThatThrownBy(() -> retry.call(() -> {
          throw new IllegalArgumentException("bad request");
        }))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ticker.sleeps()).isEmpty();
  }

  @Test
  void aFullJitterDelayStaysBelowTheExponentialDelay() throws Exception {
    Retry nearlyOne = RetryExample.retry(ticker, () -> 0.999);

    nearlyOne.call(new RetryExample.FlakyService(1)::fetch);

    assertThat(ticker.sleeps()).containsExactly(99_900_000L);
  }
}
