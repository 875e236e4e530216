package dev.bulwark.config;

import static dev.bulwark.config.Exchanges.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.circuitbreaker.CircuitState;
import dev.bulwark.core.ManualScheduler;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.contract.FakeRequest;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a reload keeps, what it restarts, and what it refuses. */
class ReloadingConfigTest {

  private static final String DOC = "routes:\n"
      + "  - {pattern: /a, rateLimit: 2/minute, concurrency: {perClient: 5, total: 5}}\n"
      + "  - {pattern: /llm, circuitBreaker: {consecutiveFailures: 2,"
      + " openDuration: 30s}}\n";

  private final ManualTicker ticker = new ManualTicker();
  private final EdgeConfigLoader loader = EdgeConfigLoader.builder().ticker(ticker).build();

  @TempDir
  Path dir;

  private static int get(ReloadingConfig config, String path) {
    EdgeExchange exchange = config.edge().begin(FakeRequest.get(path));
    int status = status(exchange);
    return status;
  }

  @Test
  void aLimiterWhoseSettingsDidNotChangeKeepsItsStateAndAChangedOneStartsFull() {
    ReloadingConfig config = ReloadingConfig.fromYaml(loader, DOC);
    assertThat(get(config, "/a")).isEqualTo(200);
    assertThat(get(config, "/a")).isEqualTo(200);
    assertThat(get(config, "/a")).isEqualTo(429);

    assertThat(config.reloadYaml(DOC + "  - {pattern: /b, rateLimit: 1/minute}\n")).isTrue();
    assertThat(config.generation()).isEqualTo(1);
    assertThat(get(config, "/a")).as("no free burst after a reload").isEqualTo(429);
    assertThat(get(config, "/b")).isEqualTo(200);

    assertThat(config.reloadYaml(DOC.replace("2/minute", "3/minute"))).isTrue();
    assertThat(get(config, "/a")).as("a changed limit starts full").isEqualTo(200);
    assertThat(get(config, "/b")).as("a removed route's requests go to the default route").isEqualTo(200);
  }

  @Test
  void anOpenBreakerStaysOpenAcrossAReloadThatKeepsItsSettings() {
    ReloadingConfig config = ReloadingConfig.fromYaml(loader, DOC);
    config.edge().begin(FakeRequest.get("/llm")).complete(500);
    config.edge().begin(FakeRequest.get("/llm")).complete(500);
    assertThat(config.current().routeCircuitBreaker("/llm").orElseThrow().state()).isEqualTo(CircuitState.OPEN);

    config.reloadYaml(DOC + "  - {pattern: /b}\n");
    assertThat(get(config, "/llm")).isEqualTo(503);
    assertThat(config.current().routeCircuitBreaker("/llm").orElseThrow().state()).isEqualTo(CircuitState.OPEN);

    config.reloadYaml(DOC.replace("openDuration: 30s", "openDuration: 20s"));
    assertThat(config.current().routeCircuitBreaker("/llm").orElseThrow().state()).isEqualTo(CircuitState.CLOSED);
    assertThat(get(config, "/llm")).isEqualTo(200);
  }

  @Test
  void requestsInFlightFinishOnTheRoutesTheyBeganOn() {
    ReloadingConfig config = ReloadingConfig.fromYaml(loader, DOC);
    Edge old = config.edge().current();
    EdgeExchange inFlight = config.edge().begin(FakeRequest.get("/a"));
    KeyedConcurrencyLimiter<String> oldLimiter = config.current().concurrencyLimiter("/a").orElseThrow();
    assertThat(oldLimiter.inFlight()).isEqualTo(1);

    config.reloadYaml(DOC.replace("perClient: 5, total: 5", "perClient: 1, total: 1"));
    KeyedConcurrencyLimiter<String> newLimiter = config.current().concurrencyLimiter("/a").orElseThrow();
    assertThat(newLimiter).isNotSameAs(oldLimiter);
    assertThat(config.edge().current()).isNotSameAs(old);
    EdgeExchange next = config.edge().begin(FakeRequest.get("/a"));
    assertThat(next.admitted()).as("the new limiter holds none of the old permits").isTrue();
    assertThat(newLimiter.inFlight()).isEqualTo(1);

    inFlight.complete(200);
    next.complete(200);
    assertThat(oldLimiter.inFlight()).isZero();
    assertThat(newLimiter.inFlight()).isZero();
  }

  @Test
  void anInvalidDocumentIsRejectedWholeAndTheOldConfigurationStays() {
    ReloadingConfig config = ReloadingConfig.fromYaml(loader, DOC);
    LoadedConfig before = config.current();
    Edge edge = config.edge().current();
    assertThat(config.reloadYaml("routes:\n  - {pattern: /a, rateLimit: 2/fortnight}\n  - {pattern: /c}\n"))
        .isFalse();
    assertThat(config.current()).isSameAs(before);
    assertThat(config.edge().current()).isSameAs(edge);
    assertThat(config.generation()).isZero();
    assertThat(get(config, "/a")).isEqualTo(200);
  }

  @Test
  void theWatcherReloadsAChangedFileOnlyAndSurvivesABadOne() throws IOException {
    Path file = dir.resolve("bulwark.yaml");
    Files.writeString(file, DOC);
    ReloadingConfig config = ReloadingConfig.load(loader, file);
    ManualScheduler scheduler = new ManualScheduler(ticker);
    ScheduledFuture<?> watch = config.watch(scheduler, Duration.ofSeconds(2));

    scheduler.advance(Duration.ofSeconds(2));
    assertThat(config.generation()).as("unchanged file").isZero();

    Files.writeString(file, DOC + "  - {pattern: /b, rateLimit: 1/minute}\n");
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(config.generation()).isZero();
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(config.generation()).isEqualTo(1);
    assertThat(config.current().rateLimiter("/b")).isPresent();

    Files.writeString(file, "routes: [{pattern: nope}]");
    scheduler.advance(Duration.ofSeconds(2));
    assertThat(config.generation()).isEqualTo(1);
    assertThat(config.current().rateLimiter("/b")).isPresent();

    Files.writeString(file, DOC);
    scheduler.advance(Duration.ofSeconds(2));
    assertThat(config.generation()).isEqualTo(2);
    assertThat(config.current().rateLimiter("/b")).isEmpty();
    assertThat(config.reload()).isTrue();
    assertThat(config.generation()).isEqualTo(3);

    watch.cancel(false);
    Files.writeString(file, DOC + "  - {pattern: /c}\n");
    scheduler.advance(Duration.ofSeconds(10));
    assertThat(config.generation()).as("a cancelled watch reloads nothing").isEqualTo(3);
  }

  @Test
  void settingsAreChecked() {
    ReloadingConfig config = ReloadingConfig.fromYaml(loader, DOC);
    assertThatThrownBy(config::reload).isInstanceOf(IllegalStateException.class).hasMessageContaining("file");
    assertThatThrownBy(() -> config.watch(new ManualScheduler(ticker), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ReloadingConfig.fromYaml(loader, "routes: 3")).isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> config.reloadYaml(null)).isInstanceOf(NullPointerException.class);
  }
}
