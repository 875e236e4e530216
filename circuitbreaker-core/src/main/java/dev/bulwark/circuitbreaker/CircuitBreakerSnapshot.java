package dev.bulwark.circuitbreaker;

/**
 * A snapshot of a {@link CircuitBreaker}'s state and counters, for metrics and health checks. Taking
 * one allocates; the values are read one after another while calls go on, so under load they may
 * disagree slightly with each other.
 *
 * @param state the state
 * @param generation how many transitions the breaker has made; outcomes of calls admitted in an
 *     earlier generation are ignored
 * @param bufferedCalls CLOSED with a sliding window: the outcomes in the window; otherwise 0
 * @param failedCalls CLOSED with a sliding window: the failures in the window; otherwise 0
 * @param slowCalls CLOSED with a sliding window: the slow calls in the window; otherwise 0
 * @param failureRate CLOSED with a sliding window: {@code 100 * failedCalls / bufferedCalls}, or -1
 *     when the window is empty or there is no window
 * @param slowCallRate CLOSED with slow-call tracking: {@code 100 * slowCalls / bufferedCalls}, or -1
 * @param consecutiveFailures CLOSED with the consecutive-failure strategy: the current run of
 *     failures; otherwise 0
 * @param trialCallsInFlight HALF_OPEN: the trial calls admitted and not yet reported; otherwise 0
 * @param trialSuccesses HALF_OPEN: the trial successes so far; otherwise 0
 */
public record CircuitBreakerSnapshot(
    CircuitState state,
    long generation,
    int bufferedCalls,
    int failedCalls,
    int slowCalls,
    double failureRate,
    double slowCallRate,
    int consecutiveFailures,
    int trialCallsInFlight,
    int trialSuccesses) {}
