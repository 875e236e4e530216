package dev.bulwark.http;

import dev.bulwark.ratelimit.RateLimitDecision;

/**
 * Remembers recently rendered {@code RateLimit} field values, so that the common admitted request
 * reuses a string instead of formatting {@code "name";r=42;t=1} again.
 *
 * <h2>Why a cache pays</h2>
 * On an admitted request the value depends only on the policy's name, the permits left and the
 * seconds until the limit is full again; for clients well inside their limit those are the same
 * few values over and over (a full bucket minus one, one second). A direct-mapped table of
 * {@value #SIZE} slots, indexed by a hash of the three, holds the last value rendered in each slot.
 *
 * <h2>Why it is safe without locks</h2>
 * A slot holds an immutable {@link Entry} whose fields are final, so a thread that reads a slot
 * sees either null or a completely built entry (final-field semantics), never a torn one. Threads
 * that race on a slot each render and store their own entry; the last store wins, and every value
 * handed out was rendered from exactly the key it is returned for, because the key is compared in
 * full (the name by content) before an entry is used. Shared by every edge in the JVM.
 */
final class RenderedLimitFields {

  private static final int SIZE = 256;

  private static final Entry[] SLOTS = new Entry[SIZE];

  private RenderedLimitFields() {}

  /** One rendered value and the key it was rendered from. */
  private static final class Entry {
    final String quotedName;
    final long remaining;
    final long resetSeconds;
    final String value;

    Entry(String quotedName, long remaining, long resetSeconds, String value) {
      this.quotedName = quotedName;
      this.remaining = remaining;
      this.resetSeconds = resetSeconds;
      this.value = value;
    }
  }

  /**
   * Returns the {@code RateLimit} value of a decision, as
   * {@link RateLimitFields#limitField(String, RateLimitDecision)} renders it.
   */
  static String of(String quotedName, RateLimitDecision decision) {
    long remaining = decision.remaining();
    long reset = RateLimitFields.resetSeconds(decision);
    long h = remaining * 0x9E3779B97F4A7C15L + reset * 0xC2B2AE3D27D4EB4FL + quotedName.hashCode();
    int slot = (int) (h ^ (h >>> 29)) & (SIZE - 1);
    Entry e = SLOTS[slot];
    if (e != null && e.remaining == remaining && e.resetSeconds == reset
        && e.quotedName.equals(quotedName)) { // equals checks identity first
      return e.value;
    }
    String value = RateLimitFields.limitField(quotedName, decision);
    SLOTS[slot] = new Entry(quotedName, remaining, reset, value);
    return value;
  }
}
