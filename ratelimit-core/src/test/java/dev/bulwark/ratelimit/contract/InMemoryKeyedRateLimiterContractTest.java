package dev.bulwark.ratelimit.contract;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.ratelimit.KeyedRateLimiter;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import java.time.Duration;
import java.util.List;

/** The in-memory keyed limiter against the shared contract, on a clock that starts below zero. */
class InMemoryKeyedRateLimiterContractTest extends KeyedRateLimiterContractTest {

  private final ManualTicker ticker = new ManualTicker(-5_000_000_000L);

  @Override
  protected <K> KeyedRateLimiter<K> newLimiter(List<RateLimit> limits, RateLimitAlgorithm algorithm) {
    return KeyedRateLimiter.builder(limits).algorithm(algorithm).ticker(ticker).build();
  }

  @Override
  protected void advance(Duration duration) {
    ticker.advance(duration);
  }
}
