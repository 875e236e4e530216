package dev.bulwark.ratelimit.redis;

import dev.bulwark.ratelimit.RateLimiterEvent;
import dev.bulwark.ratelimit.RateLimiterListener;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans a decision out to several listeners, isolating the limiter from listener failures. */
final class DecisionListeners implements RateLimiterListener {

  private static final Logger LOG = LoggerFactory.getLogger(RedisKeyedRateLimiter.LOGGER_NAME);

  private final List<RateLimiterListener> listeners;

  private DecisionListeners(List<RateLimiterListener> listeners) {
    this.listeners = listeners;
  }

  /** Returns null when there is no listener, so that the limiter skips building events. */
  static @Nullable RateLimiterListener of(List<RateLimiterListener> listeners) {
    return listeners.isEmpty() ? null : new DecisionListeners(List.copyOf(listeners));
  }

  @Override
  public void onPermitted(RateLimiterEvent event) {
    for (RateLimiterListener listener : listeners) {
      try {
        listener.onPermitted(event);
      } catch (RuntimeException e) {
        failed(listener, event, e);
      }
    }
  }

  @Override
  public void onRejected(RateLimiterEvent event) {
    for (RateLimiterListener listener : listeners) {
      try {
        listener.onRejected(event);
      } catch (RuntimeException e) {
        failed(listener, event, e);
      }
    }
  }

  private static void failed(RateLimiterListener listener, RateLimiterEvent event, RuntimeException e) {
    LOG.atWarn()
        .setMessage("rate limiter '{}': listener {} threw; the decision stands")
        .addArgument(event.limiterName())
        .addArgument(listener)
        .addKeyValue("event", "rate_limiter_listener_failed")
        .addKeyValue("name", event.limiterName())
        .addKeyValue("listener", String.valueOf(listener))
        .setCause(e)
        .log();
  }
}
