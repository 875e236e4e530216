package dev.bulwark.examples.usage;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.CircuitOpenException;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link CircuitBreaker} through one whole cycle: three failures in a row open it, calls are then
 * rejected at once with a {@link CircuitOpenException} that says when to come back, and after the
 * open duration one successful trial call closes it again. A transition listener records each
 * change of state (every transition is also logged, see {@code docs/logging.md}).
 */
public final class CircuitBreakerExample {

  private CircuitBreakerExample() {}

  /**
   * Runs the example on a manual clock and prints each step.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(new ManualTicker()).forEach(System.out::println);
  }

  /**
   * Fails three calls, is rejected once, waits out the open duration and succeeds.
   *
   * @param ticker the breaker's clock; advanced by the example
   * @return one line per step
   */
  static List<String> run(ManualTicker ticker) {
    CircuitBreakerConfig config = CircuitBreakerConfig.builder()
        .trip(TripStrategy.consecutiveFailures(3))
        .openDuration(Backoff.fixed(Duration.ofSeconds(30)))
        .successThreshold(1)
        .build();
    CircuitBreaker llm = CircuitBreaker.builder("llm").config(config).ticker(ticker).build();
    List<String> steps = new ArrayList<>();
    llm.addTransitionListener(t -> steps.add(t.from() + " -> " + t.to() + " (" + t.reason() + ")"));

    for (int i = 0; i < 3; i++) {
      steps.add(call(llm, false));
    }
    steps.add(call(llm, true));
    ticker.advance(Duration.ofSeconds(30));
    steps.add(call(llm, true));
    steps.add("state: " + llm.state());
    return steps;
  }

  /** One guarded call to a dependency that is up or down. */
  private static String call(CircuitBreaker breaker, boolean upstreamUp) {
    try {
      return breaker.call(() -> {
        if (!upstreamUp) {
          throw new IOException("upstream down");
        }
        return "answer";
      });
    } catch (CircuitOpenException e) {
      return "rejected, retry after " + e.retryAfter().toSeconds() + " s";
    } catch (Exception e) {
      return "failed: " + e.getMessage();
    }
  }
}
