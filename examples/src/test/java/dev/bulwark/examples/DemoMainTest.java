package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  void servingWithoutScenarioPrintsTheAddressAndTheServersNotes() {
    assertThat(run("--port", "0", "--no-scenario")).isZero();

    assertThat(out())
        .isEqualTo("Bulwark demo listening on http://127.0.0.1:54321/ (dashboard: http://127.0.0.1:54321/,"
            + " state: http://127.0.0.1:54321/api/state)" + System.lineSeparator()
            + "note: a fake server" + System.lineSeparator()
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
