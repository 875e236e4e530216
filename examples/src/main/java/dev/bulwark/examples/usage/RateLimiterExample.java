package dev.bulwark.examples.usage;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitDecision;
import dev.bulwark.ratelimit.RateLimiter;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@link RateLimiter} on its own: a limit parsed from text, {@code tryAcquire()} on the hot path
 * (allocation-free), and a {@link RateLimitDecision} carrying what a 429 response needs: the
 * remaining permits and the {@code Retry-After} in seconds.
 *
 * <p>{@code "5/minute"} is a token bucket of 5 permits refilled one every 12 s: five requests pass
 * at once, the sixth is told to come back in 12 s, and after 12 s one more passes.
 */
public final class RateLimiterExample {

  private RateLimiterExample() {}

  /**
   * Runs the example on a manual clock and prints each step.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(new ManualTicker()).forEach(System.out::println);
  }

  /**
   * Drains the limiter, asks for a decision once refused, and waits out the retry-after.
   *
   * @param ticker the limiter's clock; advanced by the example (production code leaves the ticker
   *     out and gets the system clock)
   * @return one line per step
   */
  static List<String> run(ManualTicker ticker) {
    RateLimiter limiter =
        RateLimiter.builder(RateLimit.parse("5/minute")).name("search").ticker(ticker).build();
    List<String> steps = new ArrayList<>();

    int granted = 0;
    while (limiter.tryAcquire()) {
      granted++;
    }
    steps.add("granted at once: " + granted);

    RateLimitDecision refused = limiter.tryAcquireDecision(1);
    steps.add("allowed=" + refused.allowed() + " remaining=" + refused.remaining()
        + " Retry-After: " + refused.retryAfterSeconds());

    ticker.advance(refused.retryAfter());
    steps.add("after " + refused.retryAfter().toSeconds() + " s: allowed=" + limiter.tryAcquire());
    return steps;
  }
}
