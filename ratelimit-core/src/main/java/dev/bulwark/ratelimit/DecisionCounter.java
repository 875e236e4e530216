package dev.bulwark.ratelimit;

/**
 * The {@link DecisionCounts} of the in-memory limiters: the shared counter of
 * {@code dev.bulwark.core.internal} (two {@code LongAdder}s), seen through this module's public
 * view. A limiter holds one in a volatile field that stays null until someone asks for counts, so a
 * limiter nobody counts pays one field read per decision.
 */
final class DecisionCounter extends dev.bulwark.core.internal.DecisionCounter
    implements DecisionCounts {}
