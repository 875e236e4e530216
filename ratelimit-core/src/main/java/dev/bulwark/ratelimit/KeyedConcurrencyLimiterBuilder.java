package dev.bulwark.ratelimit;

import dev.bulwark.core.internal.Preconditions;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link KeyedConcurrencyLimiter}. The name may be set once (a second call throws
 * {@link IllegalStateException}). Not thread-safe; the built limiter is.
 *
 * <p>Defaults: name {@code "keyed-concurrency-limiter"}.
 */
public final class KeyedConcurrencyLimiterBuilder {

  private final int maxPerKey;
  private final int maxTotal;
  private @Nullable String name;

  KeyedConcurrencyLimiterBuilder(int maxPerKey, int maxTotal) {
    Preconditions.requireAtLeastOne("maxPerKey", maxPerKey);
    if (maxTotal < maxPerKey) {
      throw new IllegalArgumentException(
          "maxTotal must be >= maxPerKey (" + maxPerKey + ") but was " + maxTotal);
    }
    this.maxPerKey = maxPerKey;
    this.maxTotal = maxTotal;
  }

  /**
   * Names the limiter.
   *
   * @param name a non-blank name
   * @return this builder
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if the name was already set
   */
  public KeyedConcurrencyLimiterBuilder name(String name) {
    this.name = Preconditions.setNameOnce(this.name, name);
    return this;
  }

  /**
   * Builds the limiter, with nothing in flight.
   *
   * @param <K> the key type; must have value-based {@code equals} and {@code hashCode}
   * @return a new, thread-safe limiter
   */
  public <K> KeyedConcurrencyLimiter<K> build() {
    return new DefaultKeyedConcurrencyLimiter<>(
        name != null ? name : "keyed-concurrency-limiter", maxPerKey, maxTotal);
  }
}
