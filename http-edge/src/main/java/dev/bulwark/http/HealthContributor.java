package dev.bulwark.http;

/**
 * Adds a component of the caller's choosing to an {@link EdgeHealth} report, so that a part of the
 * application http-edge does not know (a Redis rate limiter's fallback state, a database pool) is
 * reported beside the edge's breakers and limiters:
 *
 * <pre>{@code
 * EdgeHealth health = EdgeHealth.builder(edge)
 *     .contributor("db:orders", () -> new HealthComponent(
 *         pool.idle() == 0 ? HealthStatus.DEGRADED : HealthStatus.UP,
 *         Map.of("active", pool.active(), "idle", pool.idle())))
 *     .build();
 * }</pre>
 *
 * <p>Called by {@link EdgeHealth#report()}, on the caller's thread, once per report; keep it quick
 * and non-blocking (report a state the component already knows rather than probing a server). A
 * contributor that throws or returns null is reported {@link HealthStatus#DOWN} with the detail
 * {@code error} (the exception's class name), and logged ({@code event=health_contributor_failed}).
 */
@FunctionalInterface
public interface HealthContributor {

  /**
   * Returns the component's health now.
   *
   * @return the component's status and details
   */
  HealthComponent health();
}
