package dev.bulwark.examples.usage;

import dev.bulwark.config.EdgeConfigLoader;
import dev.bulwark.config.LoadedConfig;
import dev.bulwark.core.ManualTicker;
import dev.bulwark.core.Pipeline;
import dev.bulwark.http.Edge;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import org.eclipse.jetty.server.Server;

/**
 * An {@link Edge} and the policies of an outbound dependency from a YAML file instead of Java: the
 * same protection as {@link ServletAppExample}, in {@code dev/bulwark/examples/usage/edge.yaml}.
 * The loader reads the document strictly and reports every problem at once (path, value, reason)
 * in one {@code ConfigException}; a loaded configuration gives the edge for the servlet filter and
 * a {@link Pipeline} per {@code outbound} entry.
 */
public final class YamlConfigExample {

  /** The bundled example document, a class-path resource. */
  static final String RESOURCE = "/dev/bulwark/examples/usage/edge.yaml";

  private YamlConfigExample() {}

  /**
   * Loads a document with a manual clock, as tests do; production code uses
   * {@code EdgeConfigLoader.defaults().load(path)}.
   *
   * @param yaml the document
   * @param ticker the clock of every limiter and breaker; its sleeper does the retries' waiting
   * @return the loaded configuration
   * @throws dev.bulwark.config.ConfigException listing every problem of the document
   */
  static LoadedConfig load(String yaml, ManualTicker ticker) {
    EdgeConfigLoader loader =
        EdgeConfigLoader.builder().ticker(ticker).sleeper(ticker.sleeper()).build();
    return loader.fromYaml(yaml);
  }

  /**
   * Returns the bundled document.
   *
   * @return its text
   * @throws IOException if it cannot be read
   */
  static String bundledYaml() throws IOException {
    try (InputStream in = Objects.requireNonNull(
        YamlConfigExample.class.getResourceAsStream(RESOURCE), RESOURCE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Serves {@code ServletAppExample}'s servlet behind the edge of a YAML file.
   *
   * @param args an optional YAML file (default: the bundled one), then an optional port (8082)
   * @throws Exception if the file is invalid or Jetty cannot start
   */
  public static void main(String[] args) throws Exception {
    LoadedConfig config = args.length > 0
        ? EdgeConfigLoader.defaults().load(Path.of(args[0]))
        : EdgeConfigLoader.defaults().fromYaml(bundledYaml());
    System.out.println(config.edge());
    System.out.println("outbound upstream: " + config.pipeline("upstream"));
    Server server = ServletAppExample.start(config.edge(), args.length > 1 ? Integer.parseInt(args[1]) : 8082);
    System.out.println("serving " + server.getURI() + "api/hello?name=you");
    server.join();
  }
}
