package dev.bulwark.examples.usage;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One rate limit per client with a {@link KeyedRateLimiter}: each key (here a client IP) gets its
 * own bucket, created full on first use, so one noisy client cannot spend another's permits.
 * Memory stays bounded: at most {@code maximumKeys} keys are held, and a key idle long enough to
 * be full again is dropped.
 *
 * <p>60 per minute with a burst of 3: a client gets 3 at once, then one per second.
 */
public final class KeyedRateLimiterExample {

  private KeyedRateLimiterExample() {}

  /**
   * Runs the example on a manual clock and prints each step.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(new ManualTicker()).forEach(System.out::println);
  }

  /**
   * Lets one client exhaust its burst while another is unaffected, then refills one permit.
   *
   * @param ticker the limiter's clock; advanced by the example
   * @return one line per step
   */
  static List<String> run(ManualTicker ticker) {
    KeyedRateLimiter<String> perClient =
        KeyedRateLimiter.builder(RateLimit.perMinute(60).withBurst(3))
            .name("per-client")
            .maximumKeys(10_000)
            .ticker(ticker)
            .build();
    List<String> steps = new ArrayList<>();

    StringBuilder alice = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      alice.append(perClient.tryAcquire("203.0.113.7") ? 'Y' : 'n');
    }
    steps.add("203.0.113.7: " + alice);
    steps.add("198.51.100.2: " + perClient.tryAcquire("198.51.100.2"));
    steps.add("keys tracked: " + perClient.trackedKeys());

    ticker.advance(Duration.ofSeconds(1));
    steps.add("203.0.113.7 after 1 s: " + perClient.tryAcquire("203.0.113.7"));
    return steps;
  }
}
