package dev.bulwark.http.contract;

import dev.bulwark.ratelimit.ConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A route's concurrency limiter that the suite can wait on: it delegates to a real {@link
 * KeyedConcurrencyLimiter} and signals whenever a permit is returned, so a test waits for "every
 * exchange finished" as an event instead of polling or sleeping.
 *
 * <p>Adapters may finish an exchange after the client already has the response (Netty completes
 * it when the write of the last byte succeeds), so the suite waits for in-flight to reach 0 before
 * it asserts anything that depends on the outcome being recorded; the breaker records the outcome
 * before the edge closes the permit.
 */
public final class InFlightTracker implements KeyedConcurrencyLimiter<String> {

  private final KeyedConcurrencyLimiter<String> delegate;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  /**
   * Creates a tracker over a new limiter.
   *
   * @param maxPerKey the most permits per client key
   * @param maxTotal the most permits in total
   */
  public InFlightTracker(int maxPerKey, int maxTotal) {
    this.delegate = KeyedConcurrencyLimiter.builder(maxPerKey, maxTotal).build();
  }

  @Override
  public ConcurrencyLimiter.Permit tryAcquire(String key) {
    ConcurrencyLimiter.Permit permit = delegate.tryAcquire(key);
    if (!permit.isAcquired()) {
      return permit;
    }
    signal();
    return new Signalling(permit);
  }

  /**
   * Waits until no permit is held, or the timeout passes.
   *
   * @param timeout how long to wait at most
   * @return true when nothing is in flight
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    return await(0, timeout);
  }

  /**
   * Waits until exactly {@code count} permits are held, or the timeout passes.
   *
   * @param count the in-flight count to wait for
   * @param timeout how long to wait at most
   * @return true when {@code count} permits are held
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean await(int count, Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (delegate.inFlight() != count) {
        if (nanos <= 0) {
          return false;
        }
        nanos = changed.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int inFlight() {
    return delegate.inFlight();
  }

  @Override
  public int inFlight(String key) {
    return delegate.inFlight(key);
  }

  @Override
  public int trackedKeys() {
    return delegate.trackedKeys();
  }

  @Override
  public int maxPerKey() {
    return delegate.maxPerKey();
  }

  @Override
  public int maxTotal() {
    return delegate.maxTotal();
  }

  @Override
  public String name() {
    return delegate.name();
  }

  /** A granted permit that wakes the waiters once it is released. */
  private final class Signalling implements ConcurrencyLimiter.Permit {

    private final ConcurrencyLimiter.Permit permit;
    private final AtomicBoolean released = new AtomicBoolean();

    Signalling(ConcurrencyLimiter.Permit permit) {
      this.permit = permit;
    }

    @Override
    public boolean isAcquired() {
      return true;
    }

    @Override
    public void onSuccess() {
      permit.onSuccess();
      released();
    }

    @Override
    public void onDropped() {
      permit.onDropped();
      released();
    }

    @Override
    public void close() {
      permit.close();
      released();
    }

    private void released() {
      if (released.compareAndSet(false, true)) {
        signal();
      }
    }
  }
}
