package dev.bulwark.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final long MS = 1_000_000L;

  private static DoubleSupplier constant(double value) {
    return () -> value;
  }

  private static List<Long> take(BackoffSequence sequence, int n) {
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      delays.add(sequence.nextNanos());
    }
    return delays;
  }

  @Test
  void fixedRepeatsItsDelay() {
    BackoffSequence s = Backoff.fixed(Duration.ofMillis(250)).sequence();
    assertThat(take(s, 3)).containsExactly(250 * MS, 250 * MS, 250 * MS);
    assertThat(s.attempts()).isEqualTo(3);
  }

  @Test
  void noneIsZero() {
    assertThat(take(Backoff.none().sequence(), 2)).containsExactly(0L, 0L);
  }

  @Test
  void exponentialGrowsUntilTheCap() {
    Backoff b = Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1));
    assertThat(take(b.sequence(), 6))
        .containsExactly(100 * MS, 200 * MS, 400 * MS, 800 * MS, 1000 * MS, 1000 * MS);
    assertThat(b.baseDelayNanos(0)).isEqualTo(100 * MS);
    assertThat(b.baseDelayNanos(3)).isEqualTo(800 * MS);
  }

  @Test
  void retryExampleConfigsFromTheIssue() {
    // (c) exponential 1 s, 2 s, 4 s, cap 10 s
    Backoff c = Backoff.exponential(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10));
    assertThat(take(c.sequence(), 5))
        .containsExactly(1000 * MS, 2000 * MS, 4000 * MS, 8000 * MS, 10_000 * MS);
    // (d) 0.5 s, 1 s, 2 s cap
    Backoff d = Backoff.exponential(Duration.ofMillis(500), 2.0, Duration.ofSeconds(2));
    assertThat(take(d.sequence(), 4)).containsExactly(500 * MS, 1000 * MS, 2000 * MS, 2000 * MS);
    // (a) 100 ms x2 cap 10 s, jitter +/-10%: retry 1 in [90, 110] ms, retry 2 in [180, 220] ms
    Backoff a =
        Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(10))
            .withProportionalJitter(0.1);
    assertThat(take(a.sequence(constant(0.0)), 2)).containsExactly(90 * MS, 180 * MS);
    assertThat(take(a.sequence(constant(0.5)), 2)).containsExactly(100 * MS, 200 * MS);
    List<Long> high = take(a.sequence(constant(Math.nextDown(1.0))), 2);
    assertThat(high.get(0)).isBetween(109_999_999L, 110 * MS);
    assertThat(high.get(1)).isBetween(219_999_999L, 220 * MS);
  }

  @Test
  void positiveJitterOnlyAddsUpToTheFraction() {
    // E's reconnect loop: 1 s, x1.5, cap 30 s, +0-20 %.
    Backoff b = Backoff.exponential(Duration.ofSeconds(1), 1.5, Duration.ofSeconds(30)).withPositiveJitter(0.2);
    assertThat(take(b.sequence(constant(0.0)), 3)).containsExactly(1000 * MS, 1500 * MS, 2250 * MS);
    assertThat(take(b.sequence(constant(0.5)), 3)).containsExactly(1100 * MS, 1650 * MS, 2475 * MS);
    List<Long> high = take(b.sequence(constant(Math.nextDown(1.0))), 1);
    assertThat(high.get(0)).isBetween(1_199_999_999L, 1200 * MS - 1);
    // Capped delays are jittered after the cap: 30 s becomes [30 s, 36 s).
    BackoffSequence capped = b.sequence(constant(0.5));
    List<Long> all = take(capped, 12);
    assertThat(all.get(11)).isEqualTo(33_000 * MS);
    assertThat(b).hasToString("exponential(PT1S x1.5 cap PT30S).withPositiveJitter(0.2)");
    assertThat(b).isEqualTo(Backoff.exponential(Duration.ofSeconds(1), 1.5, Duration.ofSeconds(30))
        .withPositiveJitter(0.2)).isNotEqualTo(b.withProportionalJitter(0.2));
    assertThatThrownBy(() -> Backoff.fixed(Duration.ofSeconds(1)).withPositiveJitter(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fraction must be in [0, 1] but was 1.5");
    assertThatThrownBy(() -> Backoff.fixed(Duration.ofSeconds(1)).withPositiveJitter(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> Backoff.decorrelatedJitter(Duration.ofSeconds(1), Duration.ofSeconds(2)).withPositiveJitter(0.1))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void positiveJitterSaturatesInsteadOfOverflowing() {
    BackoffSequence s = Backoff.fixed(Duration.ofNanos(Long.MAX_VALUE)).withPositiveJitter(1.0)
        .sequence(constant(Math.nextDown(1.0)));
    assertThat(s.nextNanos()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void fullJitterIsUniformBetweenZeroAndTheDelay() {
    Backoff b = Backoff.fixed(Duration.ofMillis(200)).withFullJitter();
    assertThat(take(b.sequence(constant(0.0)), 1)).containsExactly(0L);
    assertThat(take(b.sequence(constant(0.5)), 1)).containsExactly(100 * MS);
    assertThat(take(b.sequence(constant(0.25)), 1)).containsExactly(50 * MS);
  }

  @Test
  void equalJitterKeepsHalfTheDelay() {
    Backoff b = Backoff.fixed(Duration.ofMillis(200)).withEqualJitter();
    assertThat(take(b.sequence(constant(0.0)), 1)).containsExactly(100 * MS);
    assertThat(take(b.sequence(constant(0.5)), 1)).containsExactly(150 * MS);
  }

  @Test
  void jitterReplacesEarlierJitterAndCanBeRemoved() {
    Backoff b = Backoff.fixed(Duration.ofMillis(200)).withFullJitter().withEqualJitter();
    assertThat(take(b.sequence(constant(0.0)), 1)).containsExactly(100 * MS);
    assertThat(take(b.withoutJitter().sequence(constant(0.0)), 1)).containsExactly(200 * MS);
    assertThat(b.toString()).isEqualTo("fixed(PT0.2S).withEqualJitter()");
  }

  @Test
  void decorrelatedJitterFollowsItsFormulaAndResets() {
    // d(n) = min(cap, base + r * (3 * d(n-1) - base)), d(-1) = base; r = 0.5
    BackoffSequence s =
        Backoff.decorrelatedJitter(Duration.ofMillis(100), Duration.ofSeconds(1)).sequence(constant(0.5));
    assertThat(take(s, 5))
        .containsExactly(200 * MS, 350 * MS, 575 * MS, 912_500_000L, 1000 * MS);
    s.reset();
    assertThat(s.attempts()).isZero();
    assertThat(s.nextNanos()).isEqualTo(200 * MS);
    BackoffSequence low =
        Backoff.decorrelatedJitter(Duration.ofMillis(100), Duration.ofSeconds(1)).sequence(constant(0.0));
    assertThat(take(low, 3)).containsExactly(100 * MS, 100 * MS, 100 * MS);
  }

  @Test
  void decorrelatedJitterV2FollowsPollysFormula() {
    // t = n + 0.5, next = 2^t * tanh(sqrt(4t)), delay = (next - prev) * median / 1.4
    BackoffSequence s =
        Backoff.decorrelatedJitterV2(Duration.ofSeconds(1), Duration.ofSeconds(2)).sequence(constant(0.5));
    List<Long> delays = take(s, 4);
    assertThat(delays.get(0)).isEqualTo(897_404_935L);
    assertThat(delays.get(1)).isEqualTo(1_093_003_547L);
    assertThat(delays.get(2)).isEqualTo(2000 * MS); // 2.036 s capped at 2 s
    assertThat(delays.get(3)).isEqualTo(2000 * MS);
  }

  @Test
  void decorrelatedJitterV2SaturatesInsteadOfOverflowing() {
    BackoffSequence s =
        Backoff.decorrelatedJitterV2(Duration.ofMillis(1), Duration.ofDays(365)).sequence(constant(0.999));
    long last = 0;
    for (int i = 0; i < 5000; i++) {
      last = s.nextNanos();
      assertThat(last).isBetween(0L, Duration.ofDays(365).toNanos());
    }
    assertThat(last).isEqualTo(Duration.ofDays(365).toNanos());
  }

  @Test
  void hugeDelaysSaturateAndNeverGoNegative() {
    Backoff b =
        Backoff.exponential(Duration.ofDays(1), 10.0, Duration.ofSeconds(Long.MAX_VALUE))
            .withProportionalJitter(1.0);
    BackoffSequence s = b.sequence(constant(Math.nextDown(1.0)));
    for (int i = 0; i < 2000; i++) {
      assertThat(s.nextNanos()).isNotNegative();
    }
    assertThat(s.nextNanos()).isEqualTo(Long.MAX_VALUE);
    assertThat(b.baseDelayNanos(Integer.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void invalidConfigurationNamesTheValue() {
    assertThatThrownBy(() -> Backoff.fixed(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delay must not be negative but was PT-0.001S");
    assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, 2, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("initial must be positive but was PT0S");
    assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("multiplier must be >= 1 and finite but was 0.5");
    assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(1), Double.NaN, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), 2, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cap must be >= the first delay (PT2S) but was PT1S");
    assertThatThrownBy(() -> Backoff.fixed(Duration.ofSeconds(1)).withProportionalJitter(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fraction must be in [0, 1] but was 1.5");
    assertThatThrownBy(
            () -> Backoff.decorrelatedJitter(Duration.ofSeconds(1), Duration.ofSeconds(2)).withFullJitter())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Backoff.fixed(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Backoff.fixed(Duration.ZERO).baseDelayNanos(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("n must be >= 0 but was -1");
  }

  @Test
  void defaultRandomnessStaysWithinTheJitterRange() {
    BackoffSequence s = Backoff.fixed(Duration.ofMillis(100)).withProportionalJitter(0.1).sequence();
    for (int i = 0; i < 10_000; i++) {
      assertThat(s.nextNanos()).isBetween(90 * MS, 110 * MS);
    }
  }

  @Test
  void equalBackoffsHaveTheSameShapeDelaysAndJitter() {
    Duration s = Duration.ofSeconds(1);
    assertThat(Backoff.fixed(s)).isEqualTo(Backoff.fixed(s)).hasSameHashCodeAs(Backoff.fixed(s));
    assertThat(Backoff.none()).isEqualTo(Backoff.fixed(Duration.ZERO));
    assertThat(Backoff.fixed(s)).isNotEqualTo(Backoff.fixed(s).withFullJitter());
    assertThat(Backoff.fixed(s).withProportionalJitter(0.1)).isNotEqualTo(Backoff.fixed(s).withProportionalJitter(0.2));
    assertThat(Backoff.exponential(s, 2.0, Duration.ofSeconds(8)))
        .isEqualTo(Backoff.exponential(s, 2.0, Duration.ofSeconds(8)))
        .isNotEqualTo(Backoff.exponential(s, 3.0, Duration.ofSeconds(8)));
    assertThat(Backoff.fixed(s)).isNotEqualTo(Backoff.exponential(s, 1.0, s));
  }
}
