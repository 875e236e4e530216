package dev.bulwark.ratelimit;

/**
 * The {@link DecisionCounts} of the in-memory limiters: the shared counter of
 * {@code dev.bulwark.core.internal} (two {@code LongAdder}s), seen through this module's public
 * view. A limiter holds one in a final field that is null unless it was built with statistics, so a
 * limiter nobody counts pays one field read per decision.
 */
final class DecisionCounter extends dev.bulwark.core.internal.DecisionCounter
    implements DecisionCounts {}
