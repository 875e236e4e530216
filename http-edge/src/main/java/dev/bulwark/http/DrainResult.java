package dev.bulwark.http;

/**
 * What {@link Edge#drain} found when it returned.
 *
 * @param drained true when nothing was in flight any more; false when the deadline passed first
 * @param requestsLeft the requests still in flight when it returned (0 when drained); they go on
 *     and release their permits when they end
 * @param connectionsClosed the long-lived connections told to go away (closed with 1001) because
 *     the deadline passed; 0 when drained
 */
public record DrainResult(boolean drained, long requestsLeft, int connectionsClosed) {}
