package dev.bulwark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.CircuitBreakerRegistry;
import dev.bulwark.circuitbreaker.CircuitOpenException;
import dev.bulwark.circuitbreaker.SlidingWindow;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Exact breaker meters after a scripted cycle on a manual clock. */
class CircuitBreakerBindersTest {

  private final ManualTicker ticker = new ManualTicker();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private final CircuitBreakerConfig consecutive =
      CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(2)).openDuration(Backoff.fixed(Duration.ofSeconds(30))).build();

  @Test
  void aWholeCycleShowsInStateCallsDurationsAndTransitions() throws Exception {
    CircuitBreaker breaker =
        CircuitBreaker.builder("llm")
            .config(
                CircuitBreakerConfig.builder()
                    .trip(TripStrategy.failureRate(50, SlidingWindow.ofCalls(4)).minimumCalls(4).slowCallRate(100, Duration.ofMillis(500)))
                    .openDuration(Backoff.fixed(Duration.ofSeconds(30)))
                    .build())
            .ticker(ticker)
            .build();
    CircuitBreakerBinder.of(breaker).bindTo(registry);
    call(breaker, 100, null);
    call(breaker, 700, null); // slow
    call(breaker, 50, new IllegalStateException("down"));
    call(breaker, 20, new IllegalStateException("down")); // 2 of 4 failed: opens
    assertThat(MeterLines.render(registry, "bulwark.circuitbreaker.state"))
        .containsExactly(
            "bulwark.circuitbreaker.state{name=llm,state=closed} 0.0",
            "bulwark.circuitbreaker.state{name=llm,state=disabled} 0.0",
            "bulwark.circuitbreaker.state{name=llm,state=forced_open} 0.0",
            "bulwark.circuitbreaker.state{name=llm,state=half_open} 0.0",
            "bulwark.circuitbreaker.state{name=llm,state=open} 1.0");
    call(breaker, 0, null); // rejected
    ticker.advance(Duration.ofSeconds(30));
    call(breaker, 200, null); // the trial closes it

    assertThat(MeterLines.render(registry))
        .containsExactly(
            "bulwark.circuitbreaker.call.duration{name=llm,outcome=failure} count=2 total=70ms",
            "bulwark.circuitbreaker.call.duration{name=llm,outcome=ignored} count=0 total=0ms",
            "bulwark.circuitbreaker.call.duration{name=llm,outcome=slow} count=1 total=700ms",
            "bulwark.circuitbreaker.call.duration{name=llm,outcome=success} count=2 total=300ms",
            "bulwark.circuitbreaker.calls{name=llm,outcome=failure} 2.0",
            "bulwark.circuitbreaker.calls{name=llm,outcome=ignored} 0.0",
            "bulwark.circuitbreaker.calls{name=llm,outcome=rejected} 1.0",
            "bulwark.circuitbreaker.calls{name=llm,outcome=slow} 1.0",
            "bulwark.circuitbreaker.calls{name=llm,outcome=success} 2.0",
            "bulwark.circuitbreaker.state{name=llm,state=closed} 1.0",
            "bulwark.circuitbreaker.state{name=llm,state=disabled} 0.0",
            "bulwark.circuitbreaker.state{name=llm,state=forced_open} 0.0",
            "bulwark.circuitbreaker.state{name=llm,state=half_open} 0.0",
            "bulwark.circuitbreaker.state{name=llm,state=open} 0.0",
            "bulwark.circuitbreaker.transitions{from=closed,name=llm,to=open} 1.0",
            "bulwark.circuitbreaker.transitions{from=half_open,name=llm,to=closed} 1.0",
            "bulwark.circuitbreaker.transitions{from=open,name=llm,to=half_open} 1.0");
  }

  @Test
  void anUntimedBreakerHasNoDurationsUnlessTheBinderTimesEveryCall() throws Exception {
    CircuitBreaker untimed = CircuitBreaker.builder("untimed").config(consecutive).ticker(ticker).build();
    CircuitBreaker timed = CircuitBreaker.builder("timed").config(consecutive).ticker(ticker).build();
    CircuitBreakerBinder.of(untimed).bindTo(registry);
    CircuitBreakerBinder.of(timed).timingEveryCall().bindTo(registry);
    call(untimed, 40, null);
    call(timed, 40, null);
    assertThat(MeterLines.render(registry, "bulwark.circuitbreaker.call.duration"))
        .contains(
            "bulwark.circuitbreaker.call.duration{name=timed,outcome=success} count=1 total=40ms",
            "bulwark.circuitbreaker.call.duration{name=untimed,outcome=success} count=0 total=0ms");
    assertThat(MeterLines.render(registry, "bulwark.circuitbreaker.calls"))
        .contains(
            "bulwark.circuitbreaker.calls{name=timed,outcome=success} 1.0",
            "bulwark.circuitbreaker.calls{name=untimed,outcome=success} 1.0");
  }

  @Test
  void transitionsBeforeBindingAreNotCountedButTheirPairsAppearWhenTheyRecur() throws Exception {
    CircuitBreaker breaker = CircuitBreaker.builder("db").config(consecutive).ticker(ticker).build();
    breaker.forceOpen(); // before binding
    breaker.reset();
    CircuitBreakerBinder binder = CircuitBreakerBinder.of(breaker).withTags(Tags.of("service", "orders"));
    binder.bindTo(registry);
    binder.bindTo(registry); // twice: no double counting
    breaker.forceOpen();
    breaker.forceOpen();
    breaker.reset();
    assertThat(MeterLines.render(registry, "bulwark.circuitbreaker.transitions"))
        .containsExactly(
            "bulwark.circuitbreaker.transitions{from=closed,name=db,service=orders,to=forced_open} 1.0",
            "bulwark.circuitbreaker.transitions{from=forced_open,name=db,service=orders,to=closed} 1.0",
            "bulwark.circuitbreaker.transitions{from=forced_open,name=db,service=orders,to=forced_open} 1.0");
  }

  @Test
  void aBoundRegistryBindsItsBreakersAndTheOnesCreatedLater() throws Exception {
    CircuitBreakerRegistry breakers = CircuitBreakerRegistry.builder().defaultConfig(consecutive).ticker(ticker).build();
    call(breakers.breaker("search"), 0, null); // created and called before binding
    CircuitBreakerRegistryBinder.of(breakers).bindTo(registry);
    call(breakers.breaker("search"), 0, null);
    call(breakers.breaker("payments"), 0, new IllegalStateException("down"));
    call(breakers.breaker("payments"), 0, new IllegalStateException("down"));
    call(breakers.breaker("payments"), 0, null);

    assertThat(MeterLines.render(registry, "bulwark.circuitbreaker.calls"))
        .containsExactly(
            "bulwark.circuitbreaker.calls{name=payments,outcome=failure} 2.0",
            "bulwark.circuitbreaker.calls{name=payments,outcome=ignored} 0.0",
            "bulwark.circuitbreaker.calls{name=payments,outcome=rejected} 1.0",
            "bulwark.circuitbreaker.calls{name=payments,outcome=slow} 0.0",
            "bulwark.circuitbreaker.calls{name=payments,outcome=success} 0.0",
            "bulwark.circuitbreaker.calls{name=search,outcome=failure} 0.0",
            "bulwark.circuitbreaker.calls{name=search,outcome=ignored} 0.0",
            "bulwark.circuitbreaker.calls{name=search,outcome=rejected} 0.0",
            "bulwark.circuitbreaker.calls{name=search,outcome=slow} 0.0",
            "bulwark.circuitbreaker.calls{name=search,outcome=success} 1.0");
    assertThat(MeterLines.render(registry, "bulwark.circuitbreaker.transitions"))
        .containsExactly("bulwark.circuitbreaker.transitions{from=closed,name=payments,to=open} 1.0");
    assertThat(MeterLines.render(registry, "bulwark.circuitbreaker.state"))
        .contains(
            "bulwark.circuitbreaker.state{name=payments,state=open} 1.0",
            "bulwark.circuitbreaker.state{name=search,state=closed} 1.0");
  }

  /** One call lasting {@code millis} on the manual clock, failing with {@code error} if not null. */
  private void call(CircuitBreaker breaker, long millis, Exception error) throws Exception {
    try {
      breaker.call(
          () -> {
            ticker.advance(Duration.ofMillis(millis));
            if (error != null) {
              throw error;
            }
            return "ok";
          });
    } catch (CircuitOpenException rejected) {
      // counted as rejected
    } catch (Exception e) {
      if (e != error) {
        throw e;
      }
    }
  }
}
