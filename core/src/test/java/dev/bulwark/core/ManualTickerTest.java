package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ManualTickerTest {

  @Test
  void startsWhereToldAndMovesOnlyWhenAdvanced() {
    ManualTicker ticker = new ManualTicker(-5);
    assertThat(ticker.read()).isEqualTo(-5);
    ticker.advance(Duration.ofMillis(2)).advanceNanos(5);
    assertThat(ticker.read()).isEqualTo(2_000_000L);
    assertThat(new ManualTicker().read()).isZero();
  }

  @Test
  void neverGoesBackwards() {
    ManualTicker ticker = new ManualTicker();
    assertThatThrownBy(() -> ticker.advanceNanos(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a ticker never goes backwards: delta was -1 ns");
    assertThatThrownBy(() -> ticker.advance(Duration.ofNanos(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ticker.read()).isZero();
  }

  @Test
  void sleeperAdvancesTheClockAndRecordsRequests() throws InterruptedException {
    ManualTicker ticker = new ManualTicker();
    Sleeper sleeper = ticker.sleeper();
    sleeper.sleepNanos(100);
    sleeper.sleepNanos(0);
    sleeper.sleepNanos(-7);
    sleeper.sleepNanos(50);
    assertThat(ticker.read()).isEqualTo(150);
    assertThat(ticker.sleeps()).containsExactly(100L, 0L, -7L, 50L);
  }

  @Test
  void sleeperHonoursInterruptionLikeARealSleep() {
    ManualTicker ticker = new ManualTicker();
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> ticker.sleeper().sleepNanos(10)).isInstanceOf(InterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(ticker.read()).isZero();
    assertThat(ticker.sleeps()).isEmpty();
  }

  @Test
  void systemSleeperThrowsWhenAlreadyInterrupted() {
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> Sleeper.system().sleepNanos(0)).isInstanceOf(InterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void systemTickerIsMonotonic() {
    Ticker ticker = Ticker.system();
    long a = ticker.read();
    long b = ticker.read();
    assertThat(b).isGreaterThanOrEqualTo(a);
    assertThat(ticker).hasToString("Ticker.system()");
  }
}
