package dev.bulwark.ratelimit.redis;

import org.jspecify.annotations.Nullable;

/**
 * A script call whose caller stopped waiting for a reason of its own, not of Redis: its thread was
 * interrupted while the call waited in a combined batch (the call may still reach Redis; its reply
 * is then dropped), or the asynchronous executor refused to run the flush that would send it.
 * {@link RedisGuard} gives the breaker its permission back without an outcome, and the failure
 * policy decides the call.
 */
final class CallAbandonedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  CallAbandonedException(String message, @Nullable Throwable cause) {
    super(message, cause, false, false);
  }
}
