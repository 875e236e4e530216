package dev.bulwark.http;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Ready-made {@link HealthContributor}s for what every JVM service can run out of: heap headroom and
 * disk space. Add them to readiness with {@link EdgeHealth.Builder#contributor}: an instance short
 * of memory or disk should get no new traffic, but restarting it (a liveness failure) rarely helps.
 *
 * <pre>{@code
 * EdgeHealth health = EdgeHealth.builder(edge)
 *     .contributor("heap", HealthContributors.heapHeadroom(0.1))              // DOWN under 10% free
 *     .contributor("disk:data", HealthContributors.diskSpace(Path.of("/data"), 1L << 30)) // 1 GiB
 *     .build();
 * }</pre>
 */
public final class HealthContributors {

  private HealthContributors() {}

  /**
   * Reports the heap's headroom: the fraction of the maximum heap not in use now,
   * {@code (max - used) / max}, from {@link Runtime}. DOWN below {@code minFreeRatio}, UP otherwise.
   * Used memory includes garbage not yet collected, so the headroom reads low just before a
   * collection: choose a threshold that a healthy instance does not cross between collections (0.05
   * to 0.1 for most). Details: {@code used_bytes}, {@code max_bytes}, {@code free_ratio},
   * {@code min_free_ratio}. Allocates the component only; thread-safe.
   *
   * @param minFreeRatio the headroom below which the heap is DOWN, in [0, 1)
   * @return the contributor
   * @throws IllegalArgumentException if {@code minFreeRatio} is not in [0, 1)
   */
  public static HealthContributor heapHeadroom(double minFreeRatio) {
    Runtime runtime = Runtime.getRuntime();
    return heapHeadroom(minFreeRatio, () -> runtime.totalMemory() - runtime.freeMemory(), runtime::maxMemory);
  }

  /** The heap contributor over the given readings, for tests. */
  static HealthContributor heapHeadroom(double minFreeRatio, LongSupplier used, LongSupplier max) {
    if (!(minFreeRatio >= 0 && minFreeRatio < 1)) {
      throw new IllegalArgumentException("minFreeRatio must be in [0, 1) but was " + minFreeRatio);
    }
    return () -> {
      long u = used.getAsLong();
      long m = max.getAsLong();
      double free = m <= 0 || m == Long.MAX_VALUE ? 1.0 : Math.max(0.0, (double) (m - u) / m);
      return new HealthComponent(free < minFreeRatio ? HealthStatus.DOWN : HealthStatus.UP, Map.of(
          "used_bytes", u, "max_bytes", m, "free_ratio", free, "min_free_ratio", minFreeRatio));
    };
  }

  /**
   * Reports the usable space of the file store holding {@code path}: DOWN below
   * {@code minFreeBytes}, or when the store cannot be read (detail {@code error}, the exception's
   * class); UP otherwise. Details: {@code path}, {@code free_bytes} (usable by this JVM),
   * {@code total_bytes}, {@code min_free_bytes}. Asks the file system on each report (one
   * {@code statvfs}-like call); thread-safe.
   *
   * @param path a file or directory on the store to watch, such as the data or log directory
   * @param minFreeBytes the free space below which the disk is DOWN, at least 0
   * @return the contributor
   * @throws NullPointerException if {@code path} is null
   * @throws IllegalArgumentException if {@code minFreeBytes} is negative
   */
  public static HealthContributor diskSpace(Path path, long minFreeBytes) {
    Objects.requireNonNull(path, "path");
    if (minFreeBytes < 0) {
      throw new IllegalArgumentException("minFreeBytes must be >= 0 but was " + minFreeBytes);
    }
    String shown = path.toString();
    return () -> {
      try {
        FileStore store = Files.getFileStore(path);
        long free = store.getUsableSpace();
        long total = store.getTotalSpace();
        return new HealthComponent(free < minFreeBytes ? HealthStatus.DOWN : HealthStatus.UP, Map.of(
            "path", shown, "free_bytes", free, "total_bytes", total, "min_free_bytes", minFreeBytes));
      } catch (IOException | SecurityException e) {
        return new HealthComponent(HealthStatus.DOWN, Map.of(
            "path", shown, "error", e.getClass().getName(), "min_free_bytes", minFreeBytes));
      }
    };
  }
}
