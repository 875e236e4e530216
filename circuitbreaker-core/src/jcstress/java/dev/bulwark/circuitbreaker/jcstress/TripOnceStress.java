package dev.bulwark.circuitbreaker.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.circuitbreaker.TripStrategy;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A CLOSED breaker one failure short of tripping (consecutive failures 2, one recorded); two calls
 * admitted in the same generation both fail. Both failures may reach the threshold, but exactly one
 * thread performs CLOSED to OPEN. Result: (transitions into OPEN, final state ordinal; OPEN = 1).
 */
@JCStressTest
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "opened once")
@Outcome(expect = FORBIDDEN, desc = "opened twice, or not at all")
@State
public class TripOnceStress {

  private final Breakers.Watched w =
      new Breakers.Watched(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(2)).build());
  private final long ticket1 = w.breaker.tryAcquirePermission();
  private final long ticket2 = w.breaker.tryAcquirePermission();

  @Actor
  public void failure1() {
    w.breaker.onError(ticket1, 0, new IllegalStateException("down"));
  }

  @Actor
  public void failure2() {
    w.breaker.onError(ticket2, 0, new IllegalStateException("down"));
  }

  @Arbiter
  public void check(II_Result r) {
    r.r1 = w.transitionsInto(CircuitState.OPEN);
    r.r2 = w.breaker.state().ordinal();
  }
}
