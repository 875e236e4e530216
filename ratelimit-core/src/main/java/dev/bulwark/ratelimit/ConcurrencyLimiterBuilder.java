package dev.bulwark.ratelimit;

import dev.bulwark.core.internal.Preconditions;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link ConcurrencyLimiter} with a fixed limit. The name may be set once (a second call
 * throws {@link IllegalStateException}). Not thread-safe; the built limiter is.
 *
 * <p>Defaults: name {@code "concurrency-limiter"}.
 */
public final class ConcurrencyLimiterBuilder {

  private final int maxInFlight;
  private @Nullable String name;

  ConcurrencyLimiterBuilder(int maxInFlight) {
    Preconditions.requireAtLeastOne("maxInFlight", maxInFlight);
    this.maxInFlight = maxInFlight;
  }

  /**
   * Names the limiter.
   *
   * @param name a non-blank name
   * @return this builder
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if the name was already set
   */
  public ConcurrencyLimiterBuilder name(String name) {
    this.name = Preconditions.setNameOnce(this.name, name);
    return this;
  }

  /**
   * Builds the limiter, with nothing in flight.
   *
   * @return a new, thread-safe limiter
   */
  public ConcurrencyLimiter build() {
    return new FixedConcurrencyLimiter(name != null ? name : "concurrency-limiter", maxInFlight);
  }
}
