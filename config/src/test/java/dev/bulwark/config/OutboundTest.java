package dev.bulwark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.Backoff;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.core.RejectedException;
import dev.bulwark.retry.Retry;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Outbound entries: each backoff type, budgets, retry builders, and lookups by name. */
class OutboundTest {

  private final ManualTicker ticker = new ManualTicker();

  private LoadedConfig load(String yaml) {
    return EdgeConfigLoader.builder().ticker(ticker).sleeper(ticker.sleeper()).build().fromYaml(yaml);
  }

  private Retry retryWith(String backoff) {
    return load("outbound: {x: {retry: {maxAttempts: 4, backoff: " + backoff + "}}}").retry("x");
  }

  @Test
  void eachBackoffTypeMapsToItsFactory() {
    assertThat(retryWith("{type: none}").backoff()).hasToString("fixed(PT0S)");
    assertThat(retryWith("{type: fixed, delay: 250ms}").backoff()).hasToString("fixed(PT0.25S)");
    assertThat(retryWith("{type: fixed, delay: 1s, jitter: equal}").backoff())
        .hasToString("fixed(PT1S).withEqualJitter()");
    assertThat(retryWith("{type: exponential, initial: 1s, cap: 1m}").backoff())
        .hasToString("exponential(PT1S x2.0 cap PT1M)");
    assertThat(retryWith("{type: exponential, initial: 1s, multiplier: 1.5, cap: 1m, jitter: full}").backoff())
        .hasToString("exponential(PT1S x1.5 cap PT1M).withFullJitter()");
    assertThat(retryWith("{type: exponential, initial: 100ms, cap: 10s, jitter: 12.5%}").backoff())
        .hasToString("exponential(PT0.1S x2.0 cap PT10S).withProportionalJitter(0.125)");
    assertThat(retryWith("{type: exponential, initial: 1s, multiplier: 1.5, cap: 30s, jitter: +20%}").backoff())
        .isEqualTo(Backoff.exponential(Duration.ofSeconds(1), 1.5, Duration.ofSeconds(30)).withPositiveJitter(0.2));
    assertThat(retryWith("{type: decorrelated-jitter, base: 100ms, cap: 5s}").backoff())
        .hasToString("decorrelatedJitter(PT0.1S cap PT5S)");
    assertThat(retryWith("{type: decorrelated-jitter-v2, median: 1s, cap: 30s}").backoff())
        .hasToString("decorrelatedJitterV2(PT1S cap PT30S)");
  }

  @Test
  void aRetryWithoutBackoffKeepsTheRetryDefault() {
    Retry retry = load("outbound: {x: {retry: {maxDuration: 10s}}}").retry("x");

    assertThat(retry.backoff()).isSameAs(dev.bulwark.retry.RetryBuilder.DEFAULT_BACKOFF);
    assertThat(retry.maxAttempts()).isEqualTo(Integer.MAX_VALUE);
    assertThat(retry.maxDuration()).contains(Duration.ofSeconds(10));
    assertThat(retry.name()).isEqualTo("x");
  }

  @Test
  void budgetsOfBothTypesAreSharedByEveryBuilder() {
    LoadedConfig config = load("outbound:\n"
        + "  a: {retry: {budget: {type: token-bucket, maxTokens: 4, tokenRatio: 0.5}}}\n"
        + "  b: {retry: {budget: {type: percent, percent: 20, minRetriesPerSecond: 1, window: 10s}}}\n");

    assertThat(config.retry("a").budget().orElseThrow()).hasToString(
        "RetryBudget.tokenBucket(maxTokens=4, tokenRatio=0.5, tokens=4.0)");
    assertThat(config.retry("b").budget().orElseThrow().toString())
        .startsWith("RetryBudget.percentOfRequests(percent=20, minRetriesPerSecond=1, window=PT10S");
    assertThat(config.retryBuilder("a").build().budget().orElseThrow())
        .isSameAs(config.retry("a").budget().orElseThrow());
  }

  @Test
  void retryOnRejectionRetriesAnInnerPolicysRejection() throws Exception {
    Retry retry = load("outbound: {x: {retry: {maxAttempts: 2, retryOnRejection: true,"
        + " backoff: {type: fixed, delay: 1s}}}}").retry("x");
    int[] calls = {0};

    String result = retry.call(() -> {
      if (calls[0]++ == 0) {
        throw new RejectedException("busy", "test", RejectedException.UNKNOWN) {
          private static final long serialVersionUID = 1L;
        };
      }
      return "ok";
    });

    assertThat(result).isEqualTo("ok");
    assertThat(ticker.sleeps()).containsExactly(1_000_000_000L);
  }

  @Test
  void aRetryBuilderTakesWhatTheDocumentCannotHold() throws Exception {
    LoadedConfig config =
        load("outbound: {x: {retry: {maxAttempts: 3, backoff: {type: fixed, delay: 1s}}}}");
    Retry onAnything = config.retryBuilder("x").retryOn(e -> e instanceof IllegalStateException).build();
    int[] calls = {0};

    assertThatThrownBy(() -> onAnything.call(() -> {
      calls[0]++;
      throw new IllegalStateException("flaky");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(calls[0]).isEqualTo(3);
    assertThatThrownBy(() -> config.retryBuilder("x").maxAttempts(5))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxAttempts was already set to 3");
  }

  @Test
  void anEntryMayHoldOnlySomePolicies() {
    LoadedConfig config = load("outbound: {db: {circuitBreaker: {consecutiveFailures: 2}}, slow: {timeout: 5s}}");

    assertThat(config.outboundNames()).containsExactlyInAnyOrder("db", "slow");
    assertThat(config.pipeline("db").policies()).containsExactly(config.circuitBreaker("db"));
    assertThat(config.pipeline("slow").policies()).containsExactly(config.timeout("slow"));
    assertThat(config.timeout("slow").name()).isEqualTo("slow");
    assertThatThrownBy(() -> config.retry("db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("outbound.db has no retry");
    assertThatThrownBy(() -> config.retryBuilder("db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("outbound.db has no retry");
    assertThatThrownBy(() -> config.timeout("db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("outbound.db has no timeout");
    assertThatThrownBy(() -> config.circuitBreaker("slow"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("outbound.slow has no circuitBreaker");
    assertThatThrownBy(() -> config.pipeline("llm"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("outbound has no entry \"llm\"; it has db, slow");
    assertThatThrownBy(() -> load("{}").retry("llm"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("outbound has no entry \"llm\"; it has none");
  }

  @Test
  void aBreakerMayReopenAfterAGrowingBackoff() {
    LoadedConfig config = load("outbound: {db: {circuitBreaker: {consecutiveFailures: 1,"
        + " openBackoff: {type: exponential, initial: 10s, cap: 40s}, maxWaitInHalfOpen: 1m}}}");

    assertThat(config.circuitBreaker("db").config()).hasToString("CircuitBreakerConfig["
        + "consecutiveFailures=1, open=exponential(PT10S x2.0 cap PT40S), maxHalfOpenCalls=1,"
        + " successThreshold=1, maxWaitInHalfOpen=PT1M]");
  }

  @Test
  void timeWindowsAndSlowCallsAreConfigurable() {
    LoadedConfig config = load("outbound: {db: {circuitBreaker: {slidingWindow: {time: 1m, bucket: 10s},"
        + " minimumCalls: 20, failureRateThreshold: 25.5, slowCallRateThreshold: 80,"
        + " slowCallDurationThreshold: 2s}}}");

    assertThat(config.circuitBreaker("db").config()).hasToString("CircuitBreakerConfig["
        + "SlidingWindow.ofTime(PT1M, PT10S), minimumCalls=20, failureRateThreshold=25.5,"
        + " slowCallRateThreshold=80.0, slowCallDurationThreshold=PT2S, open=PT1M,"
        + " maxHalfOpenCalls=1, successThreshold=1]");
  }
}
