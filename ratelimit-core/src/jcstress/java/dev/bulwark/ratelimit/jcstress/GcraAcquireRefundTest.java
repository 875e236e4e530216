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
import org.openjdk.jcstress.infra.results.ZJ_Result;

/**
 * A refund racing a take on an empty bucket: the refunded permit is either taken by the racing
 * caller or left in the bucket, never both and never lost.
 */
@JCStressTest
@Description("Empty bucket of burst 2: refund(1) races tryAcquire(1).")
@Outcome(id = "true, 0", expect = ACCEPTABLE, desc = "refund first, the take got the refunded permit")
@Outcome(id = "false, 1", expect = ACCEPTABLE, desc = "take first (refused), the refund stays")
@Outcome(id = "true, 1", expect = FORBIDDEN, desc = "the refunded permit counted twice")
@Outcome(id = "false, 0", expect = FORBIDDEN, desc = "the refund was lost")
@Outcome(expect = FORBIDDEN, desc = "impossible state")
@State
public class GcraAcquireRefundTest {

  private final GcraBucket bucket =
      new GcraBucket(RateLimit.perSecond(2).withBurst(2), GcraStress.NOW);

  public GcraAcquireRefundTest() {
    if (bucket.tryAcquire(GcraStress.NOW, 2) != 0) {
      throw new IllegalStateException("a full bucket of burst 2 refused 2 permits");
    }
  }

  @Actor
  public void refunder() {
    bucket.refund(GcraStress.NOW, 1);
  }

  @Actor
  public void taker(ZJ_Result r) {
    r.r1 = bucket.tryAcquire(GcraStress.NOW, 1) == 0;
  }

  @Arbiter
  public void arbiter(ZJ_Result r) {
    r.r2 = bucket.remaining(GcraStress.NOW);
  }
}
