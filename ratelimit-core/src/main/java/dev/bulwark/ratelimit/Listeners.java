package dev.bulwark.ratelimit;

import dev.bulwark.core.internal.FanOut;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Fans an event out to several listeners, isolating the limiter from listener failures. */
final class Listeners implements RateLimiterListener {

  private final List<RateLimiterListener> listeners;

  private Listeners(List<RateLimiterListener> listeners) {
    this.listeners = listeners;
  }

  /** Returns null when there is no listener, so that limiters skip building events altogether. */
  static @Nullable RateLimiterListener of(List<RateLimiterListener> listeners) {
    return listeners.isEmpty() ? null : fanOut(listeners);
  }

  /** See {@link RateLimiterListener#all}. */
  static RateLimiterListener fanOut(List<RateLimiterListener> listeners) {
    return new Listeners(List.copyOf(listeners));
  }

  @Override
  public void onEvent(RateLimiterEvent event) {
    FanOut.deliver(listeners, event, RateLimiterListener::onEvent, Listeners::failed);
  }

  private static void failed(RateLimiterListener listener, RateLimiterEvent event, RuntimeException e) {
    Log.LOGGER
        .atWarn()
        .setMessage("rate limiter '{}': listener {} threw; the decision stands")
        .addArgument(event.limiterName())
        .addArgument(listener)
        .addKeyValue("event", "rate_limiter_listener_failed")
        .addKeyValue("name", event.limiterName())
        .addKeyValue("listener", String.valueOf(listener))
        .setCause(e)
        .log();
  }

  /** Delivers one decision; {@code wait} is the bucket's answer (0 = permitted). */
  static void notify(
      RateLimiterListener listener, String name, @Nullable Object key, int permits, long wait) {
    listener.onEvent(
        wait == 0
            ? new RateLimiterEvent.Permitted(name, key, permits)
            : new RateLimiterEvent.Rejected(name, key, permits, wait));
  }
}
