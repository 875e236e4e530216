package dev.bulwark.ratelimit.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.internal.GcraBucket;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/** The last permit of a bucket goes to exactly one of two racing callers. */
@JCStressTest
@Description("Burst 1, one clock reading: two racing tryAcquire(1), exactly one is granted.")
@Outcome(id = "true, false", expect = ACCEPTABLE, desc = "actor 1 won the permit")
@Outcome(id = "false, true", expect = ACCEPTABLE, desc = "actor 2 won the permit")
@Outcome(id = "true, true", expect = FORBIDDEN, desc = "one permit granted twice")
@Outcome(id = "false, false", expect = FORBIDDEN, desc = "an available permit refused to both")
@State
public class GcraBurstOneTest {

  private final GcraBucket bucket =
      new GcraBucket(RateLimit.perSecond(1).withBurst(1), GcraStress.NOW);

  @Actor
  public void actor1(ZZ_Result r) {
    r.r1 = bucket.tryAcquire(GcraStress.NOW, 1) == 0;
  }

  @Actor
  public void actor2(ZZ_Result r) {
    r.r2 = bucket.tryAcquire(GcraStress.NOW, 1) == 0;
  }
}
