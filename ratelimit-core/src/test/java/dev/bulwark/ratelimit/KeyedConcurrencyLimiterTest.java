package dev.bulwark.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyedConcurrencyLimiterTest {

  private final KeyedConcurrencyLimiter<String> limiter =
      KeyedConcurrencyLimiter.builder(2, 3).name("per-client").build();

  @Test
  void boundsEachKeyAndTheTotal() {
    ConcurrencyLimiter.Permit a1 = limiter.tryAcquire("a");
    ConcurrencyLimiter.Permit a2 = limiter.tryAcquire("a");
    assertThat(a1.isAcquired()).isTrue();
    assertThat(a2.isAcquired()).isTrue();
    assertThat(limiter.tryAcquire("a").isAcquired()).isFalse(); // key full
    assertThat(limiter.inFlight()).isEqualTo(2); // the refused request's total reservation undone

    ConcurrencyLimiter.Permit b1 = limiter.tryAcquire("b");
    assertThat(b1.isAcquired()).isTrue();
    assertThat(limiter.tryAcquire("c").isAcquired()).isFalse(); // total full
    assertThat(limiter.tryAcquire("b").isAcquired()).isFalse(); // total full
    assertThat(limiter.inFlight()).isEqualTo(3);
    assertThat(limiter.inFlight("a")).isEqualTo(2);
    assertThat(limiter.inFlight("b")).isEqualTo(1);
    assertThat(limiter.inFlight("c")).isZero();

    a1.close();
    assertThat(limiter.tryAcquire("c").isAcquired()).isTrue();
    assertThat(limiter.inFlight()).isEqualTo(3);
  }

  @Test
  void aKeyIsForgottenWhenItsLastPermitIsReleased() {
    ConcurrencyLimiter.Permit a1 = limiter.tryAcquire("a");
    ConcurrencyLimiter.Permit a2 = limiter.tryAcquire("a");
    ConcurrencyLimiter.Permit b1 = limiter.tryAcquire("b");
    assertThat(limiter.trackedKeys()).isEqualTo(2);
    a1.onSuccess();
    assertThat(limiter.trackedKeys()).isEqualTo(2);
    a2.onDropped();
    assertThat(limiter.trackedKeys()).isEqualTo(1);
    b1.close();
    assertThat(limiter.trackedKeys()).isZero();
    assertThat(limiter.inFlight()).isZero();

    // a forgotten key starts again from zero
    assertThat(limiter.tryAcquire("a").isAcquired()).isTrue();
    assertThat(limiter.tryAcquire("a").isAcquired()).isTrue();
    assertThat(limiter.tryAcquire("a").isAcquired()).isFalse();
  }

  @Test
  void doubleReleaseIsHarmless() {
    ConcurrencyLimiter.Permit a1 = limiter.tryAcquire("a");
    ConcurrencyLimiter.Permit a2 = limiter.tryAcquire("a");
    a1.close();
    a1.close();
    a1.onSuccess();
    assertThat(limiter.inFlight("a")).isEqualTo(1);
    assertThat(limiter.inFlight()).isEqualTo(1);
    a2.close();
    a2.onDropped();
    assertThat(limiter.inFlight()).isZero();
    assertThat(limiter.trackedKeys()).isZero();
  }

  @Test
  void releasesWhenTheGuardedCodeThrows() {
    for (int i = 0; i < 10; i++) {
      try (ConcurrencyLimiter.Permit permit = limiter.tryAcquire("a")) {
        assertThat(permit.isAcquired()).isTrue();
        throw new IllegalStateException("boom " + i);
      } catch (IllegalStateException expected) {
        assertThat(expected).hasMessage("boom " + i);
      }
    }
    assertThat(limiter.inFlight()).isZero();
    assertThat(limiter.trackedKeys()).isZero();
  }

  @Test
  void validatesEagerly() {
    assertThatThrownBy(() -> limiter.tryAcquire(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key");
    assertThatThrownBy(() -> KeyedConcurrencyLimiter.builder(0, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPerKey must be >= 1 but was 0");
    assertThatThrownBy(() -> KeyedConcurrencyLimiter.builder(5, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTotal must be >= maxPerKey (5) but was 4");
    KeyedConcurrencyLimiter<Integer> built = KeyedConcurrencyLimiter.builder(5, 1000).build();
    assertThat(built.name()).isEqualTo("keyed-concurrency-limiter");
    assertThat(built.maxPerKey()).isEqualTo(5);
    assertThat(built.maxTotal()).isEqualTo(1000);
    assertThat(limiter.name()).isEqualTo("per-client");
  }
}
