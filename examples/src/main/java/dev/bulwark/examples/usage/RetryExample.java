package dev.bulwark.examples.usage;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.retry.Retry;
import java.io.IOException;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * A {@link Retry} with an exponential {@link Backoff} and full jitter (each delay drawn uniformly
 * from {@code [0, d)}), retrying only what is worth retrying: I/O failures, never a bad request. A
 * call that fails twice and then succeeds returns its result after two delays; one that keeps
 * failing throws its last failure after {@code maxAttempts} attempts.
 */
public final class RetryExample {

  /** 100 ms, 200 ms, 400 ms... capped at 2 s, each with full jitter. */
  static final Backoff BACKOFF =
      Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(2)).withFullJitter();

  private RetryExample() {}

  /**
   * Runs the example on a manual clock and prints the result and the delays.
   *
   * @param args ignored
   * @throws Exception never: the service answers on the third attempt
   */
  public static void main(String[] args) throws Exception {
    ManualTicker ticker = new ManualTicker();
    String page = retry(ticker, Math::random).call(new FlakyService(2)::fetch);
    System.out.println(page + " after delays (ns) " + ticker.sleeps());
  }

  /**
   * Builds the retry: 4 attempts within 10 s, {@link #BACKOFF}, retry on {@link IOException} only.
   *
   * @param ticker the clock; its {@link ManualTicker#sleeper()} does the waiting, so nothing sleeps
   *     for real (production code leaves both settings out)
   * @param random the jitter's randomness, uniform in [0, 1)
   * @return the retry
   */
  static Retry retry(ManualTicker ticker, DoubleSupplier random) {
    return Retry.builder()
        .name("catalog")
        .maxAttempts(4)
        .maxDuration(Duration.ofSeconds(10))
        .backoff(BACKOFF)
        .retryOn(e -> e instanceof IOException)
        .random(random)
        .ticker(ticker)
        .sleeper(ticker.sleeper())
        .build();
  }

  /** A dependency that fails with {@link IOException} a given number of times, then answers. */
  static final class FlakyService {

    private int failuresLeft;
    private int calls;

    FlakyService(int failures) {
      this.failuresLeft = failures;
    }

    String fetch() throws IOException {
      calls++;
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new IOException("connection reset");
      }
      return "catalog page";
    }

    int calls() {
      return calls;
    }
  }
}
