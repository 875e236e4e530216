package dev.bulwark.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DemoOptionsTest {

  private static final Pattern SPACE = Pattern.compile(" ");

  private static DemoOptions parse(String... args) throws UsageException {
    return DemoOptions.parse(List.of(args), Map.of());
  }

  @Test
  void anEmptyCommandLineMeansTheDefaults() throws UsageException {
    assertThat(parse()).isEqualTo(DemoOptions.DEFAULTS);
    assertThat(DemoOptions.DEFAULTS)
        .isEqualTo(new DemoOptions(8080, false, null, null, List.of(), 20, true, false, false));
  }

  @Test
  void everyOptionInBothSpellings() throws UsageException {
    DemoOptions spaced =
        parse("--port", "0", "--netty", "--redis", "redis://cache:6379/0", "--config", "demo.yaml",
            "--trusted-proxies", "10.0.0.0/8, 192.168.1.1,::1,fd00::/8", "--scenario-seconds", "45",
            "--exit-after-scenario");
    DemoOptions equals =
        parse("--port=0", "--netty", "--redis=redis://cache:6379/0", "--config=demo.yaml",
            "--trusted-proxies=10.0.0.0/8, 192.168.1.1,::1,fd00::/8", "--scenario-seconds=45",
            "--exit-after-scenario");

    DemoOptions expected =
        new DemoOptions(0, true, "redis://cache:6379/0", Path.of("demo.yaml"),
            List.of("10.0.0.0/8", "192.168.1.1", "::1", "fd00::/8"), 45, true, true, false);
    assertThat(spaced).isEqualTo(expected);
    assertThat(equals).isEqualTo(expected);
  }

  @Test
  void noScenarioOnlyServes() throws UsageException {
    DemoOptions o = parse("--no-scenario", "--port", "9090");

    assertThat(o.scenario()).isFalse();
    assertThat(o.port()).isEqualTo(9090);
  }

  @Test
  void helpWinsOverEverythingElse() throws UsageException {
    assertThat(parse("--bogus", "-h").help()).isTrue();
    assertThat(parse("--help").help()).isTrue();
    assertThat(parse().help()).isFalse();
  }

  @Test
  void redisUrlComesFromTheEnvironmentUnlessGiven() throws UsageException {
    Map<String, String> env = Map.of("REDIS_URL", " rediss://secure:6380 ");

    assertThat(DemoOptions.parse(List.of(), env).redisUrl()).isEqualTo("rediss://secure:6380");
    assertThat(DemoOptions.parse(List.of("--redis", "redis://a:1"), env).redisUrl()).isEqualTo("redis://a:1");
    assertThat(DemoOptions.parse(List.of(), Map.of("REDIS_URL", "")).redisUrl()).isNull();
    assertThatThrownBy(() -> DemoOptions.parse(List.of(), Map.of("REDIS_URL", "localhost:6379")))
        .isInstanceOf(UsageException.class)
        .hasMessage("the REDIS_URL environment variable must be a redis:// or rediss:// URL with a host but was "
            + "'localhost:6379'");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "--port                              | --port needs a value",
        "--port --netty                      | --port needs a value",
        "--port 65536                        | --port must be an integer from 0 to 65535 but was '65536'",
        "--port -1                           | --port must be an integer from 0 to 65535 but was '-1'",
        "--port eighty                       | --port must be an integer from 0 to 65535 but was 'eighty'",
        "--port= 8080                        | --port must be an integer from 0 to 65535 but was ''",
        "--port 1 --port 2                   | --port was given twice",
        "--netty=yes                         | --netty takes no value",
        "--bogus                             | unknown option '--bogus'",
        "-p 80                               | unknown option '-p'",
        "serve                               | unexpected argument 'serve'",
        "--redis http://x                    | --redis must be a redis:// or rediss:// URL with a host but was 'http://x'",
        "--redis redis://                    | --redis must be a redis:// or rediss:// URL with a host but was 'redis://'",
        "--config=                           | --config needs a file name",
        "--scenario-seconds 0                | --scenario-seconds must be an integer from 1 to 3600 but was '0'",
        "--scenario-seconds 3601             | --scenario-seconds must be an integer from 1 to 3600 but was '3601'",
        "--no-scenario --exit-after-scenario | --exit-after-scenario needs the scenario: drop --no-scenario",
        "--no-scenario --scenario-seconds 5  | --scenario-seconds has no effect with --no-scenario",
      })
  void badCommandLinesSayWhatIsWrong(String commandLine, String message) {
    List<String> args = SPACE.splitAsStream(commandLine.trim()).collect(Collectors.toList());

    assertThatThrownBy(() -> DemoOptions.parse(args, Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/33", "10.0.0/8", "256.0.0.1", "01.2.3.4", "1.2.3.4/", "1.2.3.4/x", "::1/129", "fe80::zz",
    "example.com", "localhost", "1.2.3.4:80", "''"
  })
  void trustedProxiesMustBeAddressesOrCidrs(String entry) {
    assertThatThrownBy(() -> parse("--trusted-proxies", "10.0.0.0/8," + entry))
        .isInstanceOf(UsageException.class)
        .hasMessage("--trusted-proxies takes IP addresses or CIDRs separated by commas (10.0.0.0/8,::1) but '"
            + entry + "' is not one");
  }

  @Test
  void aTrustedProxyBlockWithHostBitsIsRefusedWithTheResolversReason() {
    assertThatThrownBy(() -> parse("--trusted-proxies", "10.0.0.1/8"))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--trusted-proxies: ")
        .hasMessageContaining("10.0.0.1/8");
  }

  @Test
  void theUsageListsEveryOption() {
    assertThat(DemoOptions.USAGE)
        .contains("--port N", "--netty", "--redis URL", "REDIS_URL", "--config FILE", "--trusted-proxies CIDR",
            "--scenario-seconds N", "--no-scenario", "--exit-after-scenario", "-h, --help");
  }
}
