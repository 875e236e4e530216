package dev.bulwark.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HedgeBuilderTest {

  @Test
  void defaultsAndToString() {
    Hedge hedge = Hedge.builder().delay(HedgeDelay.fixed(Duration.ofMillis(50))).build();
    assertThat(hedge.name()).isEqualTo("hedge");
    assertThat(hedge.maxAttempts()).isEqualTo(2);
    assertThat(hedge.budget()).isEmpty();
    assertThat(hedge.stats()).isEmpty();
    assertThat(hedge.currentDelay()).isEqualTo(Duration.ofMillis(50));
    assertThat(hedge).hasToString("Hedge[hedge, HedgeDelay.fixed(PT0.05S), maxAttempts=2]");
  }

  @Test
  void aDelayIsRequired() {
    assertThatThrownBy(() -> Hedge.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("delay must be set");
  }

  @Test
  void badValuesAreRejectedNamingThem() {
    assertThatThrownBy(() -> Hedge.builder().maxAttempts(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be in [2, 16] but was 1");
    assertThatThrownBy(() -> Hedge.builder().maxAttempts(17))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HedgeDelay.fixed(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delay");
    assertThatThrownBy(() -> HedgeDelay.percentile(0, 16, Duration.ofMillis(1), Duration.ZERO))
        .hasMessage("percentile must be in (0, 100] but was 0.0");
    assertThatThrownBy(() -> HedgeDelay.percentile(101, 16, Duration.ofMillis(1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HedgeDelay.percentile(95, 3, Duration.ofMillis(1), Duration.ZERO))
        .hasMessage("window must be in [4, 65536] but was 3");
    assertThatThrownBy(() -> HedgeDelay.percentile(95, 16, Duration.ofMillis(-1), Duration.ZERO))
        .hasMessageContaining("initial");
    assertThatThrownBy(() -> HedgeDelay.percentile(95, 16, Duration.ofMillis(1), Duration.ofMillis(2)))
        .hasMessage("minimum must be in [0, initial] but was PT0.002S (initial PT0.001S)");
    assertThatThrownBy(() -> HedgeDelay.percentile(95, 16, Duration.ofMillis(1), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("minimum");
    assertThatThrownBy(() -> Hedge.builder().delay(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void eachSettingIsMadeOnce() {
    HedgeBuilder b =
        Hedge.builder().name("a").delay(HedgeDelay.fixed(Duration.ofMillis(1))).maxAttempts(3)
            .budget(RetryBudget.tokenBucket(10, 0.1)).executor(Runnable::run).recordStats();
    assertThatThrownBy(() -> b.name("b")).hasMessage("name was already set to a");
    assertThatThrownBy(() -> b.delay(HedgeDelay.fixed(Duration.ofMillis(2))))
        .hasMessage("delay was already set to HedgeDelay.fixed(PT0.001S)");
    assertThatThrownBy(() -> b.maxAttempts(4)).hasMessage("maxAttempts was already set to 3");
    assertThatThrownBy(() -> b.budget(RetryBudget.tokenBucket(10, 0.1)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> b.executor(Runnable::run)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(b::recordStats).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void percentileSelectionIsNearestRank() {
    long[] a = {50, 10, 40, 20, 30};
    assertThat(LatencyRing.select(a.clone(), 5, 0)).isEqualTo(10);
    assertThat(LatencyRing.select(a.clone(), 5, 2)).isEqualTo(30);
    assertThat(LatencyRing.select(a.clone(), 5, 4)).isEqualTo(50);
    long[] same = {7, 7, 7, 7};
    assertThat(LatencyRing.select(same, 4, 3)).isEqualTo(7);
    LatencyRing ring = new LatencyRing(HedgeDelay.percentile(90, 8, Duration.ofSeconds(1), Duration.ZERO));
    ring.record(5);
    assertThat(ring.delayNanos()).isEqualTo(1_000_000_000L); // recomputed every 2 samples
    ring.record(-3);
    assertThat(ring.delayNanos()).isEqualTo(5); // p90 of {5, 0}
    for (int i = 1; i <= 10; i++) {
      ring.record(i * 100L);
    }
    // the window holds the last 8: 300..1000; p90 = rank ceil(7.2) = 8 -> 1000
    assertThat(ring.delayNanos()).isEqualTo(1000);
    LatencyRing floored =
        new LatencyRing(HedgeDelay.percentile(50, 4, Duration.ofSeconds(1), Duration.ofNanos(250)));
    floored.record(100);
    assertThat(floored.delayNanos()).isEqualTo(250);
    floored.record(400);
    floored.record(300);
    assertThat(floored.delayNanos()).isEqualTo(300);
  }
}
