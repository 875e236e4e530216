package dev.bulwark.core.internal;

import java.util.Objects;
import java.util.function.Function;

/**
 * A bounded map from objects, compared by identity, to a value derived from each once: for an
 * adapter's server-specific form of a constant the edge hands it on every request (a route's
 * header list turned into pre-encoded fields), so that the conversion happens once per constant
 * instead of once per request.
 *
 * <h2>Design</h2>
 * Reads take no lock: one volatile read of an open-addressing table ({@code [key, value, key,
 * value, ...]}, at most half full, so a probe always ends at an empty slot), the key's
 * {@link System#identityHashCode}, and a linear probe comparing with {@code ==}. A miss computes
 * the value under the cache's lock and publishes a copy of the table with the new entry
 * (copy-on-write): a reader sees either the old or the new table, both complete. When the table
 * holds {@code maxEntries} entries, the next miss starts a new, empty table: keys that are no
 * longer used (an edge replaced by a reload) are dropped that way, and memory stays bounded.
 *
 * <p>Not API (see the package documentation). Thread-safe.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class IdentityCache<K, V> {

  private final Function<? super K, ? extends V> compute;
  private final int maxEntries;
  private volatile Object[] table;
  /** Guarded by {@code this}. */
  private int size;

  /**
   * Creates an empty cache.
   *
   * @param compute derives a key's value; called at most once per key while the key is cached,
   *     under the cache's lock, and must not return null
   * @param maxEntries the most keys held before the cache starts over empty, at least 1
   * @throws NullPointerException if {@code compute} is null
   * @throws IllegalArgumentException if {@code maxEntries} is less than 1
   */
  public IdentityCache(Function<? super K, ? extends V> compute, int maxEntries) {
    this.compute = Objects.requireNonNull(compute, "compute");
    Preconditions.requireAtLeastOne("maxEntries", maxEntries);
    this.maxEntries = maxEntries;
    this.table = new Object[2 * slots(maxEntries)];
  }

  /** The number of slots: a power of two at least twice the entries, so probes always end. */
  private static int slots(int maxEntries) {
    return Integer.highestOneBit(maxEntries) << 2;
  }

  /**
   * Returns the value of {@code key}, computing it on the first call for this instance.
   *
   * @param key the key, compared by identity
   * @return its value
   * @throws NullPointerException if {@code key} is null, or the function returned null
   */
  @SuppressWarnings("unchecked") // values are only ever stored next to their key by miss()
  public V get(K key) {
    Objects.requireNonNull(key, "key");
    Object[] t = table;
    int mask = (t.length >> 1) - 1;
    for (int i = System.identityHashCode(key) & mask; ; i = (i + 1) & mask) {
      Object k = t[i << 1];
      if (k == key) {
        return (V) t[(i << 1) + 1];
      }
      if (k == null) {
        return miss(key);
      }
    }
  }

  @SuppressWarnings("unchecked") // as in get
  private synchronized V miss(K key) {
    Object[] t = table;
    int mask = (t.length >> 1) - 1;
    int i = System.identityHashCode(key) & mask;
    for (Object k = t[i << 1]; k != null; k = t[i << 1]) {
      if (k == key) {
        return (V) t[(i << 1) + 1]; // another thread added it meanwhile
      }
      i = (i + 1) & mask;
    }
    V value = Objects.requireNonNull(compute.apply(key), "the computed value");
    Object[] next;
    if (size >= maxEntries) {
      next = new Object[t.length];
      size = 0;
      i = System.identityHashCode(key) & mask;
    } else {
      next = t.clone();
    }
    next[i << 1] = key;
    next[(i << 1) + 1] = value;
    size++;
    table = next;
    return value;
  }

  /**
   * Returns how many keys are cached now.
   *
   * @return the count, at most {@code maxEntries}
   */
  public synchronized int size() {
    return size;
  }
}
