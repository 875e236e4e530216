package dev.bulwark.retry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * gRPC retry throttling (gRFC A6).
 *
 * <p>Design: the whole state is one {@code long} of thousandths of a token, so every update is a
 * single CAS and there is no lock. Successes while the bucket is already full, the steady state of
 * a healthy service, only read the value: no write, no cache-line contention. The check
 * {@code tokens > max / 2} reads without writing too; the failure that precedes a retry has already
 * taken its token, exactly as in gRPC.
 */
final class TokenBucketRetryBudget implements RetryBudget {

  private static final long MILLI = 1000;

  private final int maxTokens;
  private final double tokenRatio;
  private final long maxMillis;
  private final long thresholdMillis;
  private final long ratioMillis;
  private final AtomicLong millis;

  TokenBucketRetryBudget(int maxTokens, double tokenRatio) {
    this.maxTokens = maxTokens;
    this.tokenRatio = tokenRatio;
    this.maxMillis = maxTokens * MILLI;
    this.thresholdMillis = maxMillis / 2;
    this.ratioMillis = Math.round(tokenRatio * MILLI);
    this.millis = new AtomicLong(maxMillis);
  }

  @Override
  public void recordCall() {}

  @Override
  public void recordSuccess() {
    for (; ; ) {
      long current = millis.get();
      if (current >= maxMillis) {
        return;
      }
      if (millis.compareAndSet(current, Math.min(maxMillis, current + ratioMillis))) {
        return;
      }
    }
  }

  @Override
  public void recordFailure() {
    for (; ; ) {
      long current = millis.get();
      if (current <= 0) {
        return;
      }
      if (millis.compareAndSet(current, Math.max(0, current - MILLI))) {
        return;
      }
    }
  }

  @Override
  public boolean tryAcquireRetry() {
    return millis.get() > thresholdMillis;
  }

  /** The tokens left, for tests and toString. */
  double tokens() {
    return millis.get() / (double) MILLI;
  }

  @Override
  public String toString() {
    return "RetryBudget.tokenBucket(maxTokens="
        + maxTokens
        + ", tokenRatio="
        + tokenRatio
        + ", tokens="
        + tokens()
        + ")";
  }
}
