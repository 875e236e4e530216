package dev.bulwark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.client.HttpPolicy;
import dev.bulwark.ratelimit.RateLimit;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** outbound.<name>.http: the entry as the policy of the resilient HTTP client. */
class OutboundHttpTest {

  private final ManualTicker ticker = new ManualTicker();

  private LoadedConfig load(String yaml) {
    return EdgeConfigLoader.builder().ticker(ticker).sleeper(ticker.sleeper()).build().fromYaml(yaml);
  }

  private static void assertProblems(String yaml, String... expected) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> EdgeConfigLoader.defaults().fromYaml(yaml));
    assertThat(e).as("a ConfigException for %s", yaml).isNotNull();
    assertThat(e.problems()).as("problems of %s", yaml).containsExactly(expected);
  }

  @Test
  void everyKeyOfAnEntryReachesThePolicy() {
    LoadedConfig config = load("outbound:\n"
        + "  llm:\n"
        + "    timeout: 30s\n"
        + "    retry: {maxAttempts: 4, backoff: {type: fixed, delay: 250ms},"
        + " budget: {type: token-bucket, maxTokens: 10, tokenRatio: 0.1}}\n"
        + "    circuitBreaker: {consecutiveFailures: 7, openDuration: 45s}\n"
        + "    http: {retryOnStatus: [429, 503], retryNonIdempotent: true, attemptTimeout: 15s,"
        + " maxRetryAfter: 20s, rateLimit: 60/minute}\n");

    HttpPolicy p = config.httpPolicy("llm");

    assertThat(p.maxAttempts()).isEqualTo(4);
    assertThat(p.backoff()).hasToString("fixed(PT0.25S)");
    assertThat(p.retryBudget().orElseThrow().get()).isSameAs(config.retry("llm").budget().orElseThrow());
    assertThat(p.overallTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.circuitBreaker().consecutiveFailures()).isEqualTo(7);
    assertThat(p.circuitBreaker().openDurationNanos()).isEqualTo(Duration.ofSeconds(45).toNanos());
    assertThat(p.retryOnStatus()).containsExactly(429, 503);
    assertThat(p.retryNonIdempotent()).isTrue();
    assertThat(p.attemptTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(p.maxRetryAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat(p.rateLimits()).containsExactly(RateLimit.perMinute(60));
  }

  @Test
  void anEntryWithoutHttpKeepsTheClientsDefaults() {
    HttpPolicy p = load("outbound: {search: {retry: {maxDuration: 10s}}}").httpPolicy("search");

    assertThat(p.maxAttempts()).isEqualTo(3);
    assertThat(p.backoff()).isSameAs(HttpPolicy.DEFAULT_BACKOFF);
    assertThat(p.overallTimeout()).isEqualTo(Duration.ofSeconds(10));   // retry.maxDuration
    assertThat(p.retryOnStatus()).isEqualTo(HttpPolicy.defaults().retryOnStatus());
    assertThat(p.retryBudget()).isEmpty();
  }

  @Test
  void anHttpSectionAloneIsAnEntry() {
    HttpPolicy p = load("outbound: {graph: {http: {attemptTimeout: 10s}}}").httpPolicy("graph");

    assertThat(p.attemptTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.overallTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void problemsAreReportedWithTheirPaths() {
    assertProblems("outbound: {llm: {http: {retryOnStatus: [429, 700, \"x\"], statuses: []}}}",
        "outbound.llm.http.statuses: unknown key; known keys: attemptTimeout, maxRetryAfter, rateLimit, retryNonIdempotent, retryOnStatus",
        "outbound.llm.http.retryOnStatus[2]: \"x\": expected an HTTP status");
    assertProblems("outbound: {llm: {http: {retryOnStatus: [700]}}}",
        "outbound.llm.http.retryOnStatus: [700]: retryOnStatus must hold statuses in [100, 599] but held 700");
    assertProblems("outbound: {llm: {http: {retryOnStatus: 503}}}",
        "outbound.llm.http.retryOnStatus: 503: expected a list of statuses such as [429, 503]");
    assertProblems("outbound: {llm: {http: {attemptTimeout: 0s, maxRetryAfter: -1s, rateLimit: 5}}}",
        "outbound.llm.http.attemptTimeout: \"0s\": attemptTimeout must be positive but was PT0S",
        "outbound.llm.http.maxRetryAfter: \"-1s\": expected a duration such as \"30s\", \"100ms\", \"15m\" or \"1h30m\"",
        "outbound.llm.http.rateLimit: 5: expected limits as a string such as \"100/minute\" or \"200/minute; 1000/hour\"");
    assertProblems("outbound: {llm: {timeout: 5s, http: {attemptTimeout: 10s}}}",
        "outbound.llm.http: {\"attemptTimeout\":\"10s\"}: attemptTimeout (PT10S) exceeds overallTimeout (PT5S)");
  }
}
