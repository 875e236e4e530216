package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heap and disk contributors, on scripted readings and a real temporary directory. */
class HealthContributorsTest {

  @TempDir Path dir;

  @Test
  void heapIsDownBelowItsHeadroomThreshold() {
    AtomicLong used = new AtomicLong(800);
    HealthContributor heap = HealthContributors.heapHeadroom(0.1, used::get, () -> 1000);

    assertThat(heap.health()).isEqualTo(new HealthComponent(HealthStatus.UP,
        Map.of("used_bytes", 800L, "max_bytes", 1000L, "free_ratio", 0.2, "min_free_ratio", 0.1)));
    used.set(950);
    assertThat(heap.health().status()).isEqualTo(HealthStatus.DOWN);
    assertThat(heap.health().details()).containsEntry("free_ratio", 0.05);
    used.set(900);
    assertThat(heap.health().status()).isEqualTo(HealthStatus.UP); // exactly at the threshold
  }

  @Test
  void anUnboundedHeapHasFullHeadroom() {
    HealthContributor heap = HealthContributors.heapHeadroom(0.5, () -> 1L << 40, () -> Long.MAX_VALUE);
    assertThat(heap.health().details()).containsEntry("free_ratio", 1.0);
    assertThat(HealthContributors.heapHeadroom(0.0).health().status()).isEqualTo(HealthStatus.UP);
  }

  @Test
  void diskIsUpWithRoomAndDownBelowItsThresholdOrWhenUnreadable() {
    HealthComponent up = HealthContributors.diskSpace(dir, 0).health();
    assertThat(up.status()).isEqualTo(HealthStatus.UP);
    assertThat(up.details()).containsKeys("free_bytes", "total_bytes").containsEntry("path", dir.toString());
    assertThat(HealthContributors.diskSpace(dir, Long.MAX_VALUE).health().status()).isEqualTo(HealthStatus.DOWN);
    HealthComponent missing = HealthContributors.diskSpace(dir.resolve("gone"), 0).health();
    assertThat(missing.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(missing.details()).containsEntry("error", "java.nio.file.NoSuchFileException");
  }

  @Test
  void badThresholdsAreRefused() {
    assertThatThrownBy(() -> HealthContributors.heapHeadroom(1.0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.0");
    assertThatThrownBy(() -> HealthContributors.heapHeadroom(-0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HealthContributors.heapHeadroom(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HealthContributors.diskSpace(Path.of("."), -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HealthContributors.diskSpace(null, 1)).isInstanceOf(NullPointerException.class);
  }
}
