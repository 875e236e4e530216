package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.examples.scenario.BreakerTransition;
import dev.bulwark.examples.scenario.ScenarioResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoMainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<FakeServer> started = new ArrayList<>();

  private int run(String... args) {
    DemoServer.Factory factory =
        (options, app) -> {
          FakeServer s = new FakeServer(options.port() == 0 ? 54321 : options.port());
          started.add(s);
          return s;
        };
    return run(factory, args);
  }

  private int run(DemoServer.Factory factory, String... args) {
    DemoMain main =
        new DemoMain(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            factory,
            false);
    return main.run(List.of(args));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpPrintsTheUsageAndExitsZero() {
    assertThat(run("--help")).isZero();

    assertThat(out()).isEqualTo(DemoOptions.USAGE);
    assertThat(err()).isEmpty();
    assertThat(started).isEmpty();
  }

  @Test
  void aBadOptionPrintsTheReasonAndTheUsageAndExitsTwo() {
    assertThat(run("--port", "http")).isEqualTo(DemoMain.USAGE_ERROR);

    assertThat(err())
        .isEqualTo("bulwark-demo: --port must be an integer from 0 to 65535 but was 'http'"
            + System.lineSeparator() + System.lineSeparator() + DemoOptions.USAGE);
    assertThat(out()).isEmpty();
    assertThat(started).isEmpty();
  }

  @Test
  void aMissingConfigFileIsAUsageError(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("missing.yaml");
    assertThat(run("--config", missing.toString())).isEqualTo(DemoMain.USAGE_ERROR);
    assertThat(err()).isEqualTo("bulwark-demo: --config: no such file: " + missing + System.lineSeparator());

    Path present = Files.writeString(dir.resolve("demo.yaml"), "routes: []\n");
    assertThat(run("--config", present.toString(), "--no-scenario")).isZero();
  }

  @Test
  void aConfigurationWithProblemsIsAUsageErrorListingThemAll(@TempDir Path dir) throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.yaml"),
        "routes:\n  - {pattern: /a, rateLimit: 10/minit}\n  - {pattern: /b, methds: [GET]}\n");

    assertThat(run("--config", bad.toString(), "--no-scenario")).isEqualTo(DemoMain.USAGE_ERROR);

    assertThat(err()).startsWith("bulwark-demo: ")
        .contains("2 problems in " + bad)
        .contains("routes[0].rateLimit: \"10/minit\": unknown unit 'minit'")
        .contains("routes[1].methds: unknown key (did you mean \"methods\"?)");
    assertThat(started).isEmpty();
  }

  @Test
  void theBreakerHintAppearsOnlyWhenTheRunEndsWithABreakerNotClosed() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    Function<List<BreakerTransition>, ScenarioResult> result = transitions -> new ScenarioResult(
        URI.create("http://127.0.0.1:1/"), Duration.ofSeconds(20), List.of(), List.of(), Map.of(), transitions,
        List.of());
    BreakerTransition open = new BreakerTransition(
        Duration.ofSeconds(7), t, "llm", "CLOSED", "OPEN", "CONSECUTIVE_FAILURES");
    BreakerTransition halfOpen = new BreakerTransition(
        Duration.ofSeconds(37), t, "llm", "OPEN", "HALF_OPEN", "OPEN_DURATION_ELAPSED");
    BreakerTransition closed = new BreakerTransition(
        Duration.ofSeconds(40), t, "llm", "HALF_OPEN", "CLOSED", "TRIALS_SUCCEEDED");

    assertThat(DemoMain.breakerHint(result.apply(List.of(open)))).isEqualTo("hint: the scenario ended with"
        + " breaker 'llm' OPEN (it stays open 30 s before it probes): run with --scenario-seconds 60 to see it"
        + " close");
    assertThat(DemoMain.breakerHint(result.apply(List.of(open, halfOpen)))).contains("'llm' HALF_OPEN");
    assertThat(DemoMain.breakerHint(result.apply(List.of(open, halfOpen, closed)))).isNull();
    assertThat(DemoMain.breakerHint(result.apply(List.of()))).isNull();
  }

  @Test
  void servingWithoutScenarioPrintsTheAddressAndTheServersNotes() {
    assertThat(run("--port", "0", "--no-scenario")).isZero();

    assertThat(out())
        .isEqualTo("Bulwark demo listening on http://127.0.0.1:54321/ (dashboard: http://127.0.0.1:54321/,"
            + " state: http://127.0.0.1:54321/api/state)" + System.lineSeparator()
            + "note: a fake server" + System.lineSeparator()
            + "note: policies: the bundled bulwark-demo.yaml" + System.lineSeparator()
            + "Serving until interrupted (Ctrl-C)." + System.lineSeparator());
    assertThat(started).hasSize(1);
    assertThat(started.get(0).closed).isTrue();
  }

  @Test
  void aServerThatCannotStartExitsOne() {
    int status =
        run((options, app) -> {
          throw new IOException("Address already in use");
        }, "--no-scenario");

    assertThat(status).isEqualTo(DemoMain.FAILURE);
    assertThat(err())
        .isEqualTo("bulwark-demo: cannot listen on 127.0.0.1:8080: Address already in use" + System.lineSeparator());
  }

  /** A server that is "closed" as soon as it is awaited. */
  private static final class FakeServer implements DemoServer {
    private final int port;
    boolean closed;

    FakeServer(int port) {
      this.port = port;
    }

    @Override
    public int port() {
      return port;
    }

    @Override
    public List<String> notes() {
      return List.of("a fake server");
    }

    @Override
    public void awaitClose() {}

    @Override
    public void close() {
      closed = true;
    }
  }
}
