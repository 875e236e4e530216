package dev.bulwark.core.internal;

import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A bounded map from objects, compared by identity, to a value derived from each once: for an
 * adapter's server-specific form of a constant the edge hands it on every request (a route's
 * header list turned into pre-encoded fields), so that the conversion happens once per constant
 * instead of once per request.
 *
 * <h2>Design</h2>
 * Reads take no lock: one volatile read of an open-addressing table ({@code [key, value, key,
 * value, ...]}, at most half full, so a probe always ends at an empty slot), the key's
 * {@link System#identityHashCode}, and a linear probe comparing with {@code ==}. Before that, the
 * entry added last is compared with the key: most caches see one constant per route, and then a
 * read is one plain field read and one {@code ==}. A miss computes
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
  /**
   * The entry added last (always one of {@link #table}'s), checked before the table: a cache that
   * sees one key (one route's header list) answers it with one comparison. Written only under the
   * lock; read without it, which is safe because {@link Last}'s fields are final.
   */
  private @Nullable Last last;
  /** Guarded by {@code this}. */
  private int size;

  /** A key and its value; immutable. */
  private static final class Last {
    final Object key;
    final Object value;

    Last(Object key, Object value) {
      this.key = key;
      this.value = value;
    }
  }

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
    Last l = last;
    if (l != null && l.key == key) {
      return (V) l.value;
    }
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
    last = new Last(key, value);
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
