package dev.bulwark.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The packed totals of the count window decode every field, also when one is briefly negative. */
class CountWindowTest {

  private static long pack(long calls, long failures, long slow) {
    return calls + (failures << 21) + (slow << 42);
  }

  @Test
  void decodesEachSignedField() {
    long[][] cases = {
      {0, 0, 0}, {1, 0, 0}, {1_000_000, 999_999, 3}, {-1, 5, 2}, {4, -1, 7}, {3, 2, -1}, {-1, -1, -1},
      {1_000_000, 1_000_000, 1_000_000}
    };
    for (long[] c : cases) {
      long packed = pack(c[0], c[1], c[2]);
      assertThat(new long[] {CountWindow.field(packed, 0), CountWindow.field(packed, 1), CountWindow.field(packed, 2)})
          .as("%s %s %s", c[0], c[1], c[2])
          .containsExactly(c);
    }
  }

  @Test
  void totalsFollowTheRing() {
    CircuitBreakerConfig config =
        CircuitBreakerConfig.builder()
            .trip(TripStrategy.failureRate(100, SlidingWindow.ofCalls(3)).minimumCalls(3))
            .build();
    CountWindow window = new CountWindow(3, new RateRule(config));
    assertThat(window.record(true, true, 0)).isNull();
    assertThat(window.record(false, false, 0)).isNull();
    assertThat(window.counts(0)).isEqualTo(new ClosedStats.Counts(2, 1, 1, 0));
    assertThat(window.record(true, false, 0)).isNull(); // F+slow, S, F: 2 of 3
    assertThat(window.record(true, false, 0)).isNull(); // S, F, F evicted the F+slow
    assertThat(window.counts(0)).isEqualTo(new ClosedStats.Counts(3, 2, 0, 0));
    assertThat(window.record(true, false, 0)).isEqualTo(TransitionReason.FAILURE_RATE);
    assertThat(window.counts(0)).isEqualTo(window.recount());
  }
}
