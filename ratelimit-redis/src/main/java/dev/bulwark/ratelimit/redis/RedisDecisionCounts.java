package dev.bulwark.ratelimit.redis;

import dev.bulwark.core.internal.DecisionCounter;
import dev.bulwark.ratelimit.DecisionCounts;

/**
 * This instance's decisions, counted once metrics ask for them: decisions refused by the local
 * deny cache and by the failure policy count too, since the caller got them all the same. The
 * counting is the shared {@link DecisionCounter}'s, the one the in-memory limiters use.
 */
final class RedisDecisionCounts extends DecisionCounter implements DecisionCounts {}
