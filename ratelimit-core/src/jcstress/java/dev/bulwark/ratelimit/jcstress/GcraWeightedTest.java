package dev.bulwark.ratelimit.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.internal.GcraBucket;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZJ_Result;

/** Weighted requests are all-or-nothing under a race: 2 + 2 never fits in a burst of 3. */
@JCStressTest
@Description("Burst 3: two racing tryAcquire(2), exactly one is granted and 1 permit is left.")
@Outcome(id = "true, false, 1", expect = ACCEPTABLE, desc = "actor 1 won")
@Outcome(id = "false, true, 1", expect = ACCEPTABLE, desc = "actor 2 won")
@Outcome(id = "true, true, 0", expect = FORBIDDEN, desc = "4 permits granted from a burst of 3")
@Outcome(expect = FORBIDDEN, desc = "neither won, a partial take, or a lost update")
@State
public class GcraWeightedTest {

  private final GcraBucket bucket =
      new GcraBucket(RateLimit.perSecond(3).withBurst(3), GcraStress.NOW);

  @Actor
  public void actor1(ZZJ_Result r) {
    r.r1 = bucket.tryAcquire(GcraStress.NOW, 2) == 0;
  }

  @Actor
  public void actor2(ZZJ_Result r) {
    r.r2 = bucket.tryAcquire(GcraStress.NOW, 2) == 0;
  }

  @Arbiter
  public void arbiter(ZZJ_Result r) {
    r.r3 = bucket.remaining(GcraStress.NOW);
  }
}
