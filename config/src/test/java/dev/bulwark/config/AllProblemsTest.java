package dev.bulwark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A document with many problems is reported in one exception, every problem on its own line. */
class AllProblemsTest {

  private static final String BROKEN = String.join("\n",
      "errorFormat: xml",
      "clientIp: {trustedProxies: [10.0.0.0/8, 10.0.0.300]}",
      "routes:",
      "  - pattern: /api/search",
      "    rateLimit: {limit: 100/minit}",
      "  - pattern: /api/chat",
      "    concurrency: {perClient: 5, total: 3}",
      "    validation: {maxBodyBytes: 1 MeB}",
      "  - pattern: /api/upload",
      "    rateLimit: {limit: 5/minute, perClinet: 5}",
      "    circuitBreaker: {failureThreshold: 5}",
      "outbound:",
      "  llm:",
      "    retry: {maxAttempts: 0}",
      "");

  private static final String[] EXPECTED = {
    "errorFormat: \"xml\": expected one of problem-json, envelope",
    "clientIp.trustedProxies[1]: \"10.0.0.300\": not an IPv4 or IPv6 address or CIDR block: '10.0.0.300'",
    "routes[0].rateLimit.limit: \"100/minit\": unknown unit 'minit' in \"100/minit\"",
    "routes[1].concurrency.total: 3: must be >= perClient (5)",
    "routes[1].validation.maxBodyBytes: \"1 MeB\": expected a size in bytes such as 1048576, \"512KiB\","
        + " \"1MiB\" or \"10MB\" (units B, KB, KiB, MB, MiB, GB, GiB)",
    "routes[2].rateLimit.perClinet: unknown key; known keys: algorithm, allOf, backend, hierarchy, limit,"
        + " maximumKeys",
    "routes[2].circuitBreaker.failureThreshold: unknown key; known keys: consecutiveFailures,"
        + " failureRateThreshold, maxHalfOpenCalls, maxWaitInHalfOpen, minimumCalls, openBackoff,"
        + " openDuration, recordRejections, slidingWindow, slowCallDurationThreshold, slowCallRateThreshold,"
        + " successThreshold",
    "outbound.llm.retry.maxAttempts: 0: maxAttempts must be >= 1 but was 0",
  };

  @Test
  void everyProblemIsReportedInOneException() {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> EdgeConfigLoader.defaults().fromYaml(BROKEN));

    assertThat(e.problems()).containsExactly(EXPECTED);
    assertThat(e.source()).isEqualTo("YAML text");
    assertThat(e.getMessage()).isEqualTo("8 problems in YAML text:\n  " + String.join("\n  ", EXPECTED));
  }

  @Test
  void aFileIsNamedInTheMessage(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bulwark.yaml");
    Files.writeString(file, "routes: [{pattern: /a, rateLimit: 100/minit}]\n");

    assertThatThrownBy(() -> EdgeConfigLoader.defaults().load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage("1 problem in " + file + ":\n"
            + "  routes[0].rateLimit: \"100/minit\": unknown unit 'minit' in \"100/minit\"");
  }

  @Test
  void aJsonFileIsReadAsJson(@TempDir Path dir) throws IOException {
    Path json = dir.resolve("bulwark.JSON");
    Files.writeString(json, "{\"routes\": [{\"pattern\": \"/a\"}],}");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> EdgeConfigLoader.defaults().load(json));

    assertThat(e.problems()).containsExactly("line 1, column 32: Unexpected character ('}' (code 125)):"
        + " was expecting double-quote to start field name");
  }

  @Test
  void aMissingFileIsAnIoException(@TempDir Path dir) {
    assertThatThrownBy(() -> EdgeConfigLoader.defaults().load(dir.resolve("absent.yaml")))
        .isInstanceOf(NoSuchFileException.class);
  }
}
