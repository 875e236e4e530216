package dev.bulwark.ratelimit;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The {@link KeyedConcurrencyLimiter}: a total counter and a map of per-key counters.
 *
 * <h2>How it works, and why</h2>
 * Acquisition reserves the total first (a CAS that increments only below {@code maxTotal}), then
 * the key's counter (a CAS that increments only below {@code maxPerKey}); if the key is full, the
 * total reservation is given back. Both counters are only ever incremented under their bound, so
 * neither bound is ever exceeded, without a lock.
 *
 * <p>Per-key counters must disappear at zero, or memory would grow with every key ever seen. A
 * counter that the last release takes from 1 is not decremented to 0 but retired to {@link #DEAD}
 * (-1) by CAS, and only then removed from the map. A retired counter can never be incremented
 * again (acquirers CAS only from a non-negative value below the bound); an acquirer that finds one
 * helps remove it and retries with a fresh counter. So no permit is ever counted on a counter that
 * is no longer in the map, and the map holds only keys with calls in flight (plus, transiently,
 * retired counters about to be removed). {@code ConcurrentHashMap.remove(key, value)} compares
 * counters by identity, so a retired counter's removal never removes its successor.
 *
 * @param <K> the key type
 */
final class DefaultKeyedConcurrencyLimiter<K> implements KeyedConcurrencyLimiter<K> {

  /** The value of a retired counter. */
  static final int DEAD = -1;

  private final String name;
  private final int maxPerKey;
  private final int maxTotal;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<K, AtomicInteger> perKey = new ConcurrentHashMap<>();

  DefaultKeyedConcurrencyLimiter(String name, int maxPerKey, int maxTotal) {
    this.name = name;
    this.maxPerKey = maxPerKey;
    this.maxTotal = maxTotal;
  }

  @Override
  public ConcurrencyLimiter.Permit tryAcquire(K key) {
    Objects.requireNonNull(key, "key");
    if (!reserveTotal()) {
      return NoPermit.INSTANCE;
    }
    AtomicInteger counter = reserveKey(key);
    if (counter == null) {
      total.decrementAndGet();
      return NoPermit.INSTANCE;
    }
    return new KeyedPermit<>(this, key, counter);
  }

  private boolean reserveTotal() {
    for (; ; ) {
      int current = total.get();
      if (current >= maxTotal) {
        return false;
      }
      if (total.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  /** Returns the key's counter, incremented, or null if the key is full. */
  private @Nullable AtomicInteger reserveKey(K key) {
    for (; ; ) {
      AtomicInteger counter = perKey.get(key);
      if (counter == null) {
        AtomicInteger fresh = new AtomicInteger(1);
        counter = perKey.putIfAbsent(key, fresh);
        if (counter == null) {
          return fresh;
        }
      }
      int current = counter.get();
      if (current == DEAD) {
        perKey.remove(key, counter); // help the releasing thread, then retry with a fresh counter
        continue;
      }
      if (current >= maxPerKey) {
        return null;
      }
      if (counter.compareAndSet(current, current + 1)) {
        return counter;
      }
    }
  }

  private void release(K key, AtomicInteger counter) {
    for (; ; ) {
      int current = counter.get();
      if (current == 1) {
        if (counter.compareAndSet(1, DEAD)) {
          perKey.remove(key, counter);
          break;
        }
      } else if (counter.compareAndSet(current, current - 1)) {
        break;
      }
    }
    total.decrementAndGet();
  }

  @Override
  public int inFlight() {
    return total.get();
  }

  @Override
  public int inFlight(K key) {
    AtomicInteger counter = perKey.get(Objects.requireNonNull(key, "key"));
    return counter == null ? 0 : Math.max(0, counter.get());
  }

  @Override
  public int trackedKeys() {
    return perKey.size();
  }

  @Override
  public int maxPerKey() {
    return maxPerKey;
  }

  @Override
  public int maxTotal() {
    return maxTotal;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "KeyedConcurrencyLimiter[" + name + ", " + inFlight() + "/" + maxTotal + " total, "
        + maxPerKey + " per key]";
  }

  /** Releases its key's counter and the total, once. */
  private static final class KeyedPermit<K> extends InFlightPermit {
    private final DefaultKeyedConcurrencyLimiter<K> limiter;
    private final K key;
    private final AtomicInteger counter;

    KeyedPermit(DefaultKeyedConcurrencyLimiter<K> limiter, K key, AtomicInteger counter) {
      this.limiter = limiter;
      this.key = key;
      this.counter = counter;
    }

    @Override
    void release(Outcome outcome) {
      limiter.release(key, counter);
    }
  }
}
