package dev.bulwark.circuitbreaker.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitState;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two callers arrive together at an OPEN breaker whose open duration has elapsed, with one trial slot:
 * exactly one of them moves it to HALF_OPEN, and exactly one is admitted as the trial.
 * Result: (actor 1 admitted, actor 2 admitted, OPEN to HALF_OPEN transitions).
 */
@JCStressTest
@Outcome(id = {"1, 0, 1", "0, 1, 1"}, expect = ACCEPTABLE, desc = "one trial admitted, one transition")
@Outcome(expect = FORBIDDEN, desc = "more or fewer trials than slots, or a transition performed twice")
@State
public class HalfOpenAdmissionStress {

  private final Breakers.Watched w = Breakers.opened(1, 1);

  public HalfOpenAdmissionStress() {
    w.ticker.advance(Duration.ofSeconds(1));
  }

  @Actor
  public void caller1(III_Result r) {
    r.r1 = w.breaker.tryAcquirePermission() != CircuitBreaker.NOT_PERMITTED ? 1 : 0;
  }

  @Actor
  public void caller2(III_Result r) {
    r.r2 = w.breaker.tryAcquirePermission() != CircuitBreaker.NOT_PERMITTED ? 1 : 0;
  }

  @Arbiter
  public void transitions(III_Result r) {
    r.r3 = w.transitionsInto(CircuitState.HALF_OPEN);
  }
}
