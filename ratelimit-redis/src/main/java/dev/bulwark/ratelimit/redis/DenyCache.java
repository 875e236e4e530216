package dev.bulwark.ratelimit.redis;

import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * Remembers, per key, until when Redis refuses even one permit, so that those requests are refused
 * in this process without a round trip: an abusive client hammering one key costs Redis nothing.
 *
 * <h2>How it works, and why</h2>
 * A direct-mapped table: each key hashes to one slot holding at most one entry. A lookup is one
 * volatile array read and an {@code equals}, with no lock and no allocation; an insert overwrites
 * the slot, so memory is bounded by the table size, and a collision merely evicts an entry (the next
 * request for the evicted key asks Redis, which is always correct). Entries are immutable and never
 * removed on expiry: an expired entry is ignored and overwritten later.
 *
 * <p>Why refusing locally is safe: Redis reported that one permit fits only after {@code wait}
 * from the moment the script ran, assuming nobody else takes any. Others taking permits can only
 * push that instant later, never earlier, so a local refusal until then never refuses a request
 * Redis would have granted (short of the key being deleted in Redis meanwhile). The deadline counts
 * from the local clock read <em>before</em> the call, which is no later than the script's moment.
 *
 * @param <K> the key type
 */
final class DenyCache<K> {

  /**
   * One refused key.
   *
   * @param key the key
   * @param untilNanos the local ticker reading from which one permit may fit again
   * @param limitIndex the limit that refuses, as an index into the limiter's limits
   * @param resetAtNanos the local ticker reading at which that limit is full again
   */
  record Entry<K>(K key, long untilNanos, int limitIndex, long resetAtNanos) {}

  private final AtomicReferenceArray<@Nullable Entry<K>> slots;
  private final int mask;

  /** Creates a table of the smallest power of two at least {@code size} slots. */
  DenyCache(int size) {
    int slotCount = Integer.highestOneBit(Math.max(1, size - 1)) << 1;
    this.slots = new AtomicReferenceArray<>(slotCount);
    this.mask = slotCount - 1;
  }

  /** Returns the key's entry if it still refuses at {@code now}, else null. Allocation-free. */
  @Nullable Entry<K> find(K key, long now) {
    Entry<K> entry = slots.get(slot(key));
    if (entry == null || now - entry.untilNanos() >= 0 || !entry.key().equals(key)) {
      return null;
    }
    return entry;
  }

  /** Refuses {@code key} until {@code untilNanos}. */
  void deny(K key, long untilNanos, int limitIndex, long resetAtNanos) {
    slots.set(slot(key), new Entry<>(key, untilNanos, limitIndex, resetAtNanos));
  }

  /** Forgets the key, if its slot holds it: Redis just granted or reported permits for it. */
  void forget(K key) {
    int slot = slot(key);
    Entry<K> entry = slots.get(slot);
    if (entry != null && entry.key().equals(key)) {
      slots.compareAndSet(slot, entry, null);
    }
  }

  /** Returns the number of slots. */
  int capacity() {
    return mask + 1;
  }

  private int slot(K key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) & mask;
  }
}
