package dev.bulwark.examples.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A circuit breaker transition that the demo reported in {@code /api/state} during the scenario.
 *
 * @param sinceStart when it happened, from the scenario's start
 * @param at when it happened (the server's wall clock)
 * @param breaker the breaker's name
 * @param from the state left
 * @param to the state entered
 * @param reason why, as the breaker names it (e.g. {@code CONSECUTIVE_FAILURES})
 */
public record BreakerTransition(
    Duration sinceStart, Instant at, String breaker, String from, String to, String reason) {

  /**
   * Validates.
   *
   * @param sinceStart when it happened, from the scenario's start
   * @param at when it happened (the server's wall clock)
   * @param breaker the breaker's name
   * @param from the state left
   * @param to the state entered
   * @param reason why, as the breaker names it (e.g. {@code CONSECUTIVE_FAILURES})
   * @throws NullPointerException if an argument is null
   */
  public BreakerTransition {
    Objects.requireNonNull(sinceStart, "sinceStart");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(breaker, "breaker");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(reason, "reason");
  }
}
