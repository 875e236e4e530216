package dev.bulwark.ratelimit.redis;

import dev.bulwark.ratelimit.ConcurrencyLimiter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * A permit backed by a lease in Redis. The first of {@link #onSuccess()}, {@link #onDropped()} and
 * {@link #close()} wins a compare-and-set and releases the lease (one Redis call); later calls do
 * nothing. If the release cannot reach Redis, the lease expires by itself.
 */
final class LeasePermit implements ConcurrencyLimiter.Permit {

  private static final VarHandle RELEASED;

  static {
    try {
      RELEASED = MethodHandles.lookup().findVarHandle(LeasePermit.class, "released", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final RedisKeyedConcurrencyLimiter<?> limiter;
  private final List<byte[]> keys;
  private final byte[] leaseId;

  @SuppressWarnings("unused") // accessed through RELEASED
  private volatile boolean released;

  LeasePermit(RedisKeyedConcurrencyLimiter<?> limiter, List<byte[]> keys, byte[] leaseId) {
    this.limiter = limiter;
    this.keys = keys;
    this.leaseId = leaseId;
  }

  @Override
  public boolean isAcquired() {
    return true;
  }

  @Override
  public void onSuccess() {
    close();
  }

  @Override
  public void onDropped() {
    close();
  }

  @Override
  public void close() {
    if (RELEASED.compareAndSet(this, false, true)) {
      limiter.release(keys, leaseId);
    }
  }

  @Override
  public String toString() {
    return "Permit[lease " + new String(leaseId, java.nio.charset.StandardCharsets.UTF_8) + ", "
        + (released ? "released" : "held") + "]";
  }
}
