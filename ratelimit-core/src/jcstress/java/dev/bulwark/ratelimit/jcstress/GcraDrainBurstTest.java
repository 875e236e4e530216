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

/** Two racing grants are both recorded: no lost update on the theoretical arrival time. */
@JCStressTest
@Description("Burst 2: two racing tryAcquire(1) are both granted and leave exactly 0 permits.")
@Outcome(id = "true, true, 0", expect = ACCEPTABLE, desc = "both granted, bucket empty")
@Outcome(id = "true, true, 1", expect = FORBIDDEN, desc = "lost update: one grant not recorded")
@Outcome(expect = FORBIDDEN, desc = "a permit refused although two were available")
@State
public class GcraDrainBurstTest {

  private final GcraBucket bucket =
      new GcraBucket(RateLimit.perSecond(2).withBurst(2), GcraStress.NOW);

  @Actor
  public void actor1(ZZJ_Result r) {
    r.r1 = bucket.tryAcquire(GcraStress.NOW, 1) == 0;
  }

  @Actor
  public void actor2(ZZJ_Result r) {
    r.r2 = bucket.tryAcquire(GcraStress.NOW, 1) == 0;
  }

  @Arbiter
  public void arbiter(ZZJ_Result r) {
    r.r3 = bucket.remaining(GcraStress.NOW);
  }
}
