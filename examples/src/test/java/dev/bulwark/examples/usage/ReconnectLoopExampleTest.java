package dev.bulwark.examples.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class ReconnectLoopExampleTest {

  private static final long MS = 1_000_000L;

  private final ManualTicker ticker = new ManualTicker();

  @Test
  void delaysGrowDuringAnOutageAndStartOverAfterAConnection() throws InterruptedException {
    // refused, refused, refused, connected | refused, connected
    Connections server = new Connections(false, false, false, true, false, true);

    int failures = ReconnectLoopExample.run(server, 2, () -> 0.5, ticker.sleeper());

    assertThat(failures).isEqualTo(4);
    assertThat(server.attempts).isEqualTo(6);
    // random 0.5 is the middle of the +/-20% range: the bare delays 1 s, 2 s, 4 s, then 1 s again
    assertThat(ticker.sleeps()).containsExactly(1000 * MS, 2000 * MS, 4000 * MS, 1000 * MS);
  }

  @Test
  void jitterSpreadsEachDelayWithinPlusOrMinusTwentyPercent() throws InterruptedException {
    Connections server = new Connections(false, false, false, true);
    DoubleSupplier random = scripted(0.0, 0.75, 1.0);   // the low end, +10%, the high end

    ReconnectLoopExample.run(server, 1, random, ticker.sleeper());

    assertThat(ticker.sleeps()).containsExactly(800 * MS, 2200 * MS, 4800 * MS);
  }

  @Test
  void theDelayStopsGrowingAtTheCap() throws InterruptedException {
    Connections server = new Connections(false, false, false, false, false, false, false, false, true);

    ReconnectLoopExample.run(server, 1, () -> 0.5, ticker.sleeper());

    assertThat(ticker.sleeps()).containsExactly(
        1000 * MS, 2000 * MS, 4000 * MS, 8000 * MS, 16000 * MS, 30000 * MS, 30000 * MS, 30000 * MS);
  }

  private static DoubleSupplier scripted(double... values) {
    Deque<Double> queue = new ArrayDeque<>();
    for (double v : values) {
      queue.add(v);
    }
    return queue::remove;
  }

  /** A server that accepts or refuses each connection attempt as scripted. */
  private static final class Connections implements ReconnectLoopExample.Connection {
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
