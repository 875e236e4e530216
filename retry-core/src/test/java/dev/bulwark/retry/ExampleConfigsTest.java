package dev.bulwark.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Backoff;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The example configurations of issue 4, on a manual clock with injected randomness, asserting the
 * exact waits between attempts, sync and async.
 */
class ExampleConfigsTest {

  private static final long MS = 1_000_000L;

  private final Mode.Fixture f = new Mode.Fixture();

  private static DoubleSupplier randoms(Double... values) {
    Iterator<Double> it = List.of(values).iterator();
    return () -> it.next();
  }

  private List<Long> waitsOfAFailingCall(Mode mode, Retry retry, int expectedAttempts) {
    Script<String> call = Script.of(new IOException("down"));
    assertThatThrownBy(() -> mode.call(f, retry, call)).isInstanceOf(IOException.class);
    assertThat(call.calls()).isEqualTo(expectedAttempts);
    return mode.waits(f);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_threeAttempts100msTimes2Cap10sJitter10PercentAtTheLowEdge(Mode mode) {
    // proportional jitter: d * (1 + 0.1 * (2u - 1)); u = 0 gives d - 10%
    Retry retry =
        f.builder()
            .maxAttempts(3)
            .backoff(
                Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(10))
                    .withProportionalJitter(0.1))
            .random(randoms(0.0, 0.0))
            .build();
    assertThat(waitsOfAFailingCall(mode, retry, 3)).containsExactly(90 * MS, 180 * MS);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_jitterInsideTheBand(Mode mode) {
    Retry retry =
        f.builder()
            .maxAttempts(3)
            .backoff(
                Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(10))
                    .withProportionalJitter(0.1))
            .random(randoms(0.75, 0.5))
            .build();
    // 100 ms * 1.05 and 200 ms * 1.0
    assertThat(waitsOfAFailingCall(mode, retry, 3)).containsExactly(105 * MS, 200 * MS);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void a_jitterNearTheHighEdgeStaysWithin10Percent(Mode mode) {
    double highest = Math.nextDown(1.0);
    Retry retry =
        f.builder()
            .maxAttempts(3)
            .backoff(
                Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(10))
                    .withProportionalJitter(0.1))
            .random(randoms(highest, highest))
            .build();
    List<Long> waits = waitsOfAFailingCall(mode, retry, 3);
    assertThat(waits.get(0)).isBetween(109_999_999L, 110 * MS);
    assertThat(waits.get(1)).isBetween(219_999_999L, 220 * MS);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void b_threeAttempts100msTimes2Cap5s(Mode mode) {
    Retry retry =
        f.builder()
            .maxAttempts(3)
            .backoff(Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(5)))
            .build();
    assertThat(waitsOfAFailingCall(mode, retry, 3)).containsExactly(100 * MS, 200 * MS);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void b_withTheRecommendedFullJitter(Mode mode) {
    // full jitter: U(0, d); u = 0.5 halves each delay
    Retry retry =
        f.builder()
            .maxAttempts(3)
            .backoff(
                Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(5))
                    .withFullJitter())
            .random(randoms(0.5, 0.25))
            .build();
    assertThat(waitsOfAFailingCall(mode, retry, 3)).containsExactly(50 * MS, 50 * MS);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void c_threeAttemptsExponential1s2s4sCap10s(Mode mode) {
    Backoff c = Backoff.exponential(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10));
    Retry retry = f.builder().maxAttempts(3).backoff(c).build();
    assertThat(waitsOfAFailingCall(mode, retry, 3)).containsExactly(1000 * MS, 2000 * MS);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void c_withMoreAttemptsTheDelaysReachTheCap(Mode mode) {
    Backoff c = Backoff.exponential(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10));
    Retry retry = f.builder().maxAttempts(6).backoff(c).build();
    assertThat(waitsOfAFailingCall(mode, retry, 6))
        .containsExactly(1000 * MS, 2000 * MS, 4000 * MS, 8000 * MS, 10_000 * MS);
    assertThat(f.ticker.read()).isEqualTo(25_000 * MS);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void d_twoAttemptsHalfSecond1s2sCap(Mode mode) {
    Backoff d = Backoff.exponential(Duration.ofMillis(500), 2.0, Duration.ofSeconds(2));
    Retry retry = f.builder().maxAttempts(2).backoff(d).build();
    assertThat(waitsOfAFailingCall(mode, retry, 2)).containsExactly(500 * MS);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void d_withMoreAttemptsTheDelaysReachTheCap(Mode mode) {
    Backoff d = Backoff.exponential(Duration.ofMillis(500), 2.0, Duration.ofSeconds(2));
    Retry retry = f.builder().maxAttempts(5).backoff(d).build();
    assertThat(waitsOfAFailingCall(mode, retry, 5))
        .containsExactly(500 * MS, 1000 * MS, 2000 * MS, 2000 * MS);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void theDefaultBackoffIsExponentialWithFullJitter(Mode mode) {
    Retry retry = f.builder().random(randoms(0.5, 0.5)).build();
    assertThat(retry.backoff()).isSameAs(RetryBuilder.DEFAULT_BACKOFF);
    assertThat(retry.backoff().toString())
        .isEqualTo("exponential(PT0.1S x2.0 cap PT10S).withFullJitter()");
    assertThat(waitsOfAFailingCall(mode, retry, 3)).containsExactly(50 * MS, 100 * MS);
  }
}
