package dev.bulwark.circuitbreaker.jcstress;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.CircuitBreakerEvent;
import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Breakers prepared for the stress tests, with a count of their transition events. */
final class Breakers {

  static {
    // Transitions are logged; millions of them would flood the run. Set before slf4j starts.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "off");
  }

  private Breakers() {}

  /** A breaker plus the number of transition events into each state. */
  static final class Watched {
    final CircuitBreaker breaker;
    final ManualTicker ticker = new ManualTicker();
    final AtomicInteger[] into = new AtomicInteger[CircuitState.values().length];

    Watched(CircuitBreakerConfig config) {
      for (int i = 0; i < into.length; i++) {
        into[i] = new AtomicInteger();
      }
      breaker =
          CircuitBreaker.builder("stress")
              .config(config)
              .ticker(ticker)
              .listener(
                  e -> {
                    if (e instanceof CircuitBreakerEvent.StateTransition) {
                      into[((CircuitBreakerEvent.StateTransition) e).to().ordinal()].incrementAndGet();
                    }
                  })
              .build();
    }

    int transitionsInto(CircuitState state) {
      return into[state.ordinal()].get();
    }

    /** Records one failure through the manual form. */
    void fail() {
      breaker.onError(breaker.tryAcquirePermission(), 0, new IllegalStateException("down"));
    }
  }

  /** Opens on the first failure, stays open for 1 s, then admits up to {@code maxTrials} trials. */
  static Watched opened(int maxTrials, int successThreshold) {
    Watched w =
        new Watched(
            CircuitBreakerConfig.builder()
                .trip(TripStrategy.consecutiveFailures(1))
                .openDuration(Backoff.fixed(Duration.ofSeconds(1)))
                .maxHalfOpenCalls(maxTrials)
                .successThreshold(successThreshold)
                .build());
    w.fail();
    return w;
  }
}
