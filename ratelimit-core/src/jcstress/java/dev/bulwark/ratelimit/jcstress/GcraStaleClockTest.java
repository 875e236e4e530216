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

/**
 * Two callers whose clock readings are one emission interval apart (a caller read the clock, then
 * lost the CPU). Over that interval the bound is burst + 1 = 2 permits. The late reader is always
 * served; the early reader only if it also came first, since a stale reading may never take a permit
 * that refilled after it.
 */
@JCStressTest
@Description("Burst 1, 1 per second: tryAcquire at NOW races tryAcquire at NOW + 1 s.")
@Outcome(id = "true, true", expect = ACCEPTABLE, desc = "early reader first, then the refilled permit")
@Outcome(id = "false, true", expect = ACCEPTABLE, desc = "late reader first; the stale reading is refused")
@Outcome(id = "true, false", expect = FORBIDDEN, desc = "the refilled permit was refused")
@Outcome(id = "false, false", expect = FORBIDDEN, desc = "both refused")
@State
public class GcraStaleClockTest {

  private static final long SECOND = 1_000_000_000L;

  private final GcraBucket bucket =
      new GcraBucket(RateLimit.perSecond(1).withBurst(1), GcraStress.NOW);

  @Actor
  public void early(ZZ_Result r) {
    r.r1 = bucket.tryAcquire(GcraStress.NOW, 1) == 0;
  }

  @Actor
  public void late(ZZ_Result r) {
    r.r2 = bucket.tryAcquire(GcraStress.NOW + SECOND, 1) == 0;
  }
}
