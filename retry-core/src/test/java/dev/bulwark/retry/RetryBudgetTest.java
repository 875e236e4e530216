package dev.bulwark.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

  private final ManualTicker ticker = new ManualTicker();

  @Test
  void tokenBucketFollowsGrpcThrottling() {
    // gRPC's example: maxTokens 10, tokenRatio 0.1; threshold 5.
    TokenBucketRetryBudget budget = (TokenBucketRetryBudget) RetryBudget.tokenBucket(10, 0.1);
    assertThat(budget.tokens()).isEqualTo(10.0);
    for (int i = 0; i < 4; i++) {
      budget.recordFailure();
    }
    assertThat(budget.tokens()).isEqualTo(6.0);
    assertThat(budget.tryAcquireRetry()).isTrue();
    budget.recordFailure();
    assertThat(budget.tokens()).isEqualTo(5.0);
    assertThat(budget.tryAcquireRetry()).isFalse(); // 5 is not > 5
    budget.recordSuccess();
    assertThat(budget.tokens()).isEqualTo(5.1);
    assertThat(budget.tryAcquireRetry()).isTrue();
    assertThat(budget.tokens()).isEqualTo(5.1); // asking does not take a token
  }

  @Test
  void tokenBucketStaysWithinZeroAndMax() {
    TokenBucketRetryBudget budget = (TokenBucketRetryBudget) RetryBudget.tokenBucket(3, 2.5);
    budget.recordSuccess();
    assertThat(budget.tokens()).isEqualTo(3.0);
    for (int i = 0; i < 5; i++) {
      budget.recordFailure();
    }
    assertThat(budget.tokens()).isZero();
    budget.recordSuccess();
    assertThat(budget.tokens()).isEqualTo(2.5);
    budget.recordCall(); // not used by this kind
    assertThat(budget.tokens()).isEqualTo(2.5);
    assertThat(budget).hasToString("RetryBudget.tokenBucket(maxTokens=3, tokenRatio=2.5, tokens=2.5)");
  }

  @Test
  void tokenRatioIsKeptInThousandths() {
    TokenBucketRetryBudget budget = (TokenBucketRetryBudget) RetryBudget.tokenBucket(10, 0.0014);
    budget.recordFailure();
    budget.recordSuccess();
    assertThat(budget.tokens()).isEqualTo(9.001);
  }

  @Test
  void tokenBucketValidation() {
    assertThatThrownBy(() -> RetryBudget.tokenBucket(0, 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTokens must be in [1, 1000000] but was 0");
    assertThatThrownBy(() -> RetryBudget.tokenBucket(10, 0.0))
        .hasMessage("tokenRatio must be in [0.001, maxTokens] but was 0.0");
    assertThatThrownBy(() -> RetryBudget.tokenBucket(10, Double.NaN))
        .hasMessage("tokenRatio must be in [0.001, maxTokens] but was NaN");
    assertThatThrownBy(() -> RetryBudget.tokenBucket(10, 11))
        .hasMessage("tokenRatio must be in [0.001, maxTokens] but was 11.0");
  }

  @Test
  void percentBudgetAllowsAPercentageOfCallsPlusTheFloor() {
    // 20% of calls, plus 1 retry per second over a 10 s window = 10 retries always allowed.
    PercentRetryBudget budget =
        (PercentRetryBudget)
            RetryBudget.percentOfRequests(20, 1, Duration.ofSeconds(10), ticker);
    for (int i = 0; i < 10; i++) {
      assertThat(budget.tryAcquireRetry()).as("floor retry %s", i).isTrue();
    }
    assertThat(budget.tryAcquireRetry()).isFalse();
    for (int i = 0; i < 10; i++) {
      budget.recordCall();
    }
    // 10 calls earn 2 retries
    assertThat(budget.tryAcquireRetry()).isTrue();
    assertThat(budget.tryAcquireRetry()).isTrue();
    assertThat(budget.tryAcquireRetry()).isFalse();
    assertThat(budget.calls()).isEqualTo(10);
    assertThat(budget.retries()).isEqualTo(12); // refused retries are not counted
    assertThat(budget)
        .hasToString(
            "RetryBudget.percentOfRequests(percent=20, minRetriesPerSecond=1, window=PT10S,"
                + " calls=10, retries=12)");
  }

  @Test
  void percentBudgetForgetsWhatLeftTheWindow() {
    PercentRetryBudget budget =
        (PercentRetryBudget) RetryBudget.percentOfRequests(100, 0, Duration.ofSeconds(1), ticker);
    budget.recordCall(); // slot 0
    ticker.advance(Duration.ofMillis(500));
    budget.recordCall(); // slot 5
    assertThat(budget.tryAcquireRetry()).isTrue(); // slot 5
    assertThat(budget.tryAcquireRetry()).isTrue();
    assertThat(budget.tryAcquireRetry()).isFalse();
    ticker.advance(Duration.ofMillis(499)); // 999 ms: slot 9, everything still counts
    assertThat(budget.calls()).isEqualTo(2);
    assertThat(budget.tryAcquireRetry()).isFalse();
    ticker.advance(Duration.ofMillis(1)); // 1000 ms: slot 10 replaces slot 0
    assertThat(budget.calls()).isEqualTo(1);
    assertThat(budget.retries()).isEqualTo(2);
    ticker.advance(Duration.ofMillis(500)); // 1500 ms: slot 15 replaces slot 5
    assertThat(budget.calls()).isZero();
    assertThat(budget.retries()).isZero();
    budget.recordCall();
    assertThat(budget.tryAcquireRetry()).isTrue();
    assertThat(budget.tryAcquireRetry()).isFalse();
  }

  @Test
  void percentBudgetSurvivesLongIdleness() {
    PercentRetryBudget budget =
        (PercentRetryBudget) RetryBudget.percentOfRequests(100, 0, Duration.ofSeconds(1), ticker);
    budget.recordCall();
    ticker.advance(Duration.ofDays(400));
    assertThat(budget.calls()).isZero();
    assertThat(budget.tryAcquireRetry()).isFalse();
    budget.recordCall();
    assertThat(budget.tryAcquireRetry()).isTrue();
  }

  @Test
  void zeroPercentAndNoFloorNeverRetries() {
    RetryBudget budget = RetryBudget.percentOfRequests(0, 0, Duration.ofSeconds(10), ticker);
    for (int i = 0; i < 100; i++) {
      budget.recordCall();
    }
    budget.recordSuccess();
    budget.recordFailure();
    assertThat(budget.tryAcquireRetry()).isFalse();
  }

  @Test
  void percentBudgetValidation() {
    Duration tenSeconds = Duration.ofSeconds(10);
    assertThatThrownBy(() -> RetryBudget.percentOfRequests(-1, 10, tenSeconds, ticker))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("percent must be in [0, 1000] but was -1");
    assertThatThrownBy(() -> RetryBudget.percentOfRequests(1001, 10, tenSeconds, ticker))
        .hasMessage("percent must be in [0, 1000] but was 1001");
    assertThatThrownBy(() -> RetryBudget.percentOfRequests(20, -1, tenSeconds, ticker))
        .hasMessage("minRetriesPerSecond must be >= 0 but was -1");
    assertThatThrownBy(() -> RetryBudget.percentOfRequests(20, 10, Duration.ofMillis(999), ticker))
        .hasMessage("window must be at least 1 second but was PT0.999S");
    assertThatThrownBy(() -> RetryBudget.percentOfRequests(20, 10, Duration.ZERO, ticker))
        .hasMessage("window must be positive but was PT0S");
    assertThatThrownBy(() -> RetryBudget.percentOfRequests(20, 10, null, ticker))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("window");
    assertThatThrownBy(() -> RetryBudget.percentOfRequests(20, 10, tenSeconds, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ticker");
    assertThat(RetryBudget.percentOfRequests(20, 10, tenSeconds)).isNotNull();
  }

  @Test
  void concurrentRetriesNeverOverspendThePercentBudget() throws Exception {
    // 1000 calls at 10% and no floor: exactly 100 retries may be granted, however threads race.
    RetryBudget budget = RetryBudget.percentOfRequests(10, 0, Duration.ofSeconds(10), ticker);
    for (int i = 0; i < 1000; i++) {
      budget.recordCall();
    }
    int threads = 8;
    AtomicInteger granted = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < 1000; i++) {
                  if (budget.tryAcquireRetry()) {
                    granted.incrementAndGet();
                  }
                }
              });
      worker.start();
      workers.add(worker);
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    // Refusals undo their count, so once the racing stops every allowed retry has been granted.
    assertThat(granted.get()).isLessThanOrEqualTo(100);
    assertThat(((PercentRetryBudget) budget).retries()).isEqualTo(granted.get());
    assertThat(budget.tryAcquireRetry()).isEqualTo(granted.get() < 100);
  }

  @Test
  void concurrentUpdatesOfTheTokenBucketAreNotLost() throws Exception {
    TokenBucketRetryBudget budget = (TokenBucketRetryBudget) RetryBudget.tokenBucket(100_000, 1);
    int threads = 8;
    List<Thread> workers = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < 10_000; i++) {
                  budget.recordFailure();
                }
              });
      worker.start();
      workers.add(worker);
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    assertThat(budget.tokens()).isEqualTo(20_000.0);
  }
}
