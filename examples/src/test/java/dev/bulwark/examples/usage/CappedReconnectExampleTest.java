package dev.bulwark.examples.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class CappedReconnectExampleTest {

  private static final long MS = 1_000_000L;

  private final ManualTicker ticker = new ManualTicker();

  @Test
  void tenFailedAttemptsInARowGiveUpAfterNineWaits() throws InterruptedException {
    Connections server = new Connections(false, false, false, false, false, false, false, false, false, false);

    int served = CappedReconnectExample.run(
        server, 1, CappedReconnectExample.BACKOFF.sequence(() -> 0.0), ticker.sleeper());

    assertThat(served).isZero();
    assertThat(server.attempts).isEqualTo(10);
    assertThat(ticker.sleeps()).containsExactly(1000 * MS, 1500 * MS, 2250 * MS, 3375 * MS,
        5_062_500_000L, 7_593_750_000L, 11_390_625_000L, 17_085_937_500L, 25_628_906_250L);
  }

  @Test
  void jitterOnlyAddsUpToTwentyPercent() throws InterruptedException {
    Connections server = new Connections(false, false, true);

    CappedReconnectExample.run(server, 1, CappedReconnectExample.BACKOFF.sequence(() -> 0.5), ticker.sleeper());

    assertThat(ticker.sleeps()).containsExactly(1100 * MS, 1650 * MS);
  }

  @Test
  void aSuccessResetsTheDelaysAndTheAttemptCount() throws InterruptedException {
    // nine failures, a session, then nine failures and a session: never ten in a row
    Boolean[] script = new Boolean[20];
    for (int i = 0; i < 20; i++) {
      script[i] = i == 9 || i == 19;
    }
    Connections server = new Connections(script);

    int served = CappedReconnectExample.run(
        server, 2, CappedReconnectExample.BACKOFF.sequence(() -> 0.0), ticker.sleeper());

    assertThat(served).isEqualTo(2);
    assertThat(ticker.sleeps()).hasSize(18);
    assertThat(ticker.sleeps().get(9)).isEqualTo(1000 * MS);
  }

  @Test
  void theDelayStopsGrowingAtThirtySecondsPlusJitter() {
    var delays = CappedReconnectExample.BACKOFF.sequence(() -> 0.5);
    long last = 0;
    for (int i = 0; i < 12; i++) {
      last = delays.nextNanos();
    }
    assertThat(last).isEqualTo(33_000 * MS);
  }

  /** A server that accepts or refuses each connection attempt as scripted. */
  private static final class Connections implements CappedReconnectExample.Connection {
    final Deque<Boolean> outcomes;
    int attempts;

    Connections(Boolean... outcomes) {
      this.outcomes = new ArrayDeque<>(List.of(outcomes));
    }

    @Override
    public void connectAndServe() throws IOException {
      attempts++;
      if (!outcomes.remove()) {
        throw new IOException("connection refused");
      }
    }
  }
}
