package dev.bulwark.examples;

import dev.bulwark.http.ClientIpResolver;
import dev.bulwark.http.IpLiteral;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The demo's command line, parsed by {@link #parse}.
 *
 * @param port the port to listen on at 127.0.0.1; 0 picks a free one (and the demo prints it)
 * @param netty serve through the Netty adapter instead of Jetty
 * @param redisUrl the Redis that holds the rate limits ({@code redis://} or {@code rediss://}),
 *     from
 *     {@code --redis} or else the {@code REDIS_URL} environment variable; null for in-memory limits
 * @param config the policy file to use instead of the bundled {@code bulwark-demo.yaml}, or null
 * @param trustedProxies the proxies whose X-Forwarded-For is honoured, as CIDRs or addresses; empty
 *     means the client IP is always the peer address
 * @param scenarioSeconds how long the traffic scenario runs, 1 to {@value #MAX_SCENARIO_SECONDS}
 * @param scenario whether to run the scenario (false with {@code --no-scenario})
 * @param exitAfterScenario stop once the scenario has printed its report
 * @param help print the usage and exit
 * @param configResource the class-path resource to read the policies from instead
 *     ({@code --config classpath:seeds/seed-e.yaml}, or {@code --seed e} for
 *     {@code seeds/seed-e.yaml}), or null; never set together with {@code config}
 */
public record DemoOptions(
    int port,
    boolean netty,
    @Nullable String redisUrl,
    @Nullable Path config,
    List<String> trustedProxies,
    int scenarioSeconds,
    boolean scenario,
    boolean exitAfterScenario,
    boolean help,
    @Nullable String configResource) {

  /** The prefix of a {@code --config} value that names a class-path resource. */
  public static final String CLASSPATH_PREFIX = "classpath:";

  /** The port used without {@code --port}. */
  public static final int DEFAULT_PORT = 8080;

  /** The scenario's length without {@code --scenario-seconds}. */
  public static final int DEFAULT_SCENARIO_SECONDS = 20;

  /** The longest scenario. */
  public static final int MAX_SCENARIO_SECONDS = 3600;

  /** The environment variable read when {@code --redis} is absent. */
  public static final String REDIS_URL_ENV = "REDIS_URL";

  /** The options with every default: what an empty command line means. */
  public static final DemoOptions DEFAULTS =
      new DemoOptions(DEFAULT_PORT, false, null, null, List.of(), DEFAULT_SCENARIO_SECONDS, true, false, false, null);

  /** The help text. */
  public static final String USAGE =
      String.join(
          System.lineSeparator(),
          "Usage: java -jar bulwark-demo.jar [options]",
          "",
          "Serves the Bulwark demo gateway at http://127.0.0.1:8080/ (dashboard at /) and drives a",
          "traffic scenario against it: ordinary users, an abusive client, a client spoofing",
          "X-Forwarded-For, an injection prober, a stream flood and an upstream outage.",
          "",
          "Options:",
          "  --port N                    listen on port N (default 8080; 0 picks a free port and prints it)",
          "  --netty                     serve through the Netty adapter instead of Jetty",
          "  --redis URL                 keep rate limits in Redis (redis://host:6379); default: the",
          "                              REDIS_URL environment variable if set, else in memory",
          "  --config FILE               read the policies from FILE instead of the bundled bulwark-demo.yaml",
          "                              (classpath:NAME reads a resource of the jar, e.g. classpath:seeds/seed-e.yaml)",
          "  --seed X                    serve the bundled seed file seeds/seed-X.yaml (X is a to e; see docs/seeds.md)",
          "  --trusted-proxies CIDR,...  honour X-Forwarded-For only from these proxies (default: none)",
          "  --scenario-seconds N        run the traffic scenario for N seconds (default 20, at most 3600)",
          "  --no-scenario               only serve; run no scenario",
          "  --exit-after-scenario       stop once the scenario has printed its report",
          "  -h, --help                  print this help and exit",
          "",
          "On SIGTERM or Ctrl-C the demo drains: new requests get 503, and requests in flight and open",
          "WebSockets get BULWARK_DRAIN_SECONDS (default 30) to finish before the server stops.",
          "");

  /**
   * Validates and copies.
   *
   * @param port the port to listen on at 127.0.0.1; 0 picks a free one (and the demo prints it)
   * @param netty serve through the Netty adapter instead of Jetty
   * @param redisUrl the Redis that holds the rate limits ({@code redis://} or {@code rediss://}),
   *     from {@code --redis} or else the {@code REDIS_URL} environment variable; null for in-memory
   *     limits
   * @param config the policy file to use instead of the bundled {@code bulwark-demo.yaml}, or null
   * @param trustedProxies the proxies whose X-Forwarded-For is honoured, as CIDRs or addresses;
   *     empty means the client IP is always the peer address
   * @param scenarioSeconds how long the traffic scenario runs, 1 to {@value #MAX_SCENARIO_SECONDS}
   * @param scenario whether to run the scenario (false with {@code --no-scenario})
   * @param exitAfterScenario stop once the scenario has printed its report
   * @param help print the usage and exit
   * @param configResource the class-path resource to read the policies from, or null
   * @throws NullPointerException if {@code trustedProxies} is null
   * @throws IllegalArgumentException if {@code port} or {@code scenarioSeconds} is out of range,
   *     or both {@code config} and {@code configResource} are set
   */
  public DemoOptions {
    trustedProxies = List.copyOf(trustedProxies);
    if (config != null && configResource != null) {
      throw new IllegalArgumentException("config and configResource cannot both be set");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in [0, 65535] but was " + port);
    }
    if (scenarioSeconds < 1 || scenarioSeconds > MAX_SCENARIO_SECONDS) {
      throw new IllegalArgumentException(
          "scenarioSeconds must be in [1, " + MAX_SCENARIO_SECONDS + "] but was " + scenarioSeconds);
    }
  }

  /**
   * The options without a class-path configuration, as before {@code --seed} existed.
   *
   * @param port as for the canonical constructor
   * @param netty as for the canonical constructor
   * @param redisUrl as for the canonical constructor
   * @param config as for the canonical constructor
   * @param trustedProxies as for the canonical constructor
   * @param scenarioSeconds as for the canonical constructor
   * @param scenario as for the canonical constructor
   * @param exitAfterScenario as for the canonical constructor
   * @param help as for the canonical constructor
   * @throws NullPointerException if {@code trustedProxies} is null
   * @throws IllegalArgumentException if {@code port} or {@code scenarioSeconds} is out of range
   */
  public DemoOptions(int port, boolean netty, @Nullable String redisUrl, @Nullable Path config,
      List<String> trustedProxies, int scenarioSeconds, boolean scenario, boolean exitAfterScenario, boolean help) {
    this(port, netty, redisUrl, config, trustedProxies, scenarioSeconds, scenario, exitAfterScenario, help, null);
  }

  /**
   * Parses a command line. Options may be written {@code --port 9090} or {@code --port=9090}; each
   * may be given once. {@code -h} or {@code --help} anywhere wins over everything else.
   *
   * @param args the arguments, as given to {@code main}
   * @param env the environment, for {@value #REDIS_URL_ENV}
   * @return the options
   * @throws UsageException if an option is unknown, repeated, lacks its value, has a bad value, or
   *     contradicts another
   * @throws NullPointerException if an argument is null
   */
  public static DemoOptions parse(List<String> args, Map<String, String> env) throws UsageException {
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(env, "env");
    if (args.contains("-h") || args.contains("--help")) {
      return new DemoOptions(DEFAULT_PORT, false, null, null, List.of(), DEFAULT_SCENARIO_SECONDS, true, false, true);
    }
    int port = DEFAULT_PORT;
    boolean netty = false;
    String redis = null;
    Path config = null;
    String resource = null;
    List<String> proxies = List.of();
    int seconds = DEFAULT_SCENARIO_SECONDS;
    boolean noScenario = false;
    boolean exitAfter = false;
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = Objects.requireNonNull(args.get(i), "argument");
      int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
      String name = eq < 0 ? arg : arg.substring(0, eq);
      String inline = eq < 0 ? null : arg.substring(eq + 1);
      if (!name.startsWith("-")) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      boolean flag = name.equals("--netty") || name.equals("--no-scenario") || name.equals("--exit-after-scenario");
      boolean valued = name.equals("--port") || name.equals("--redis") || name.equals("--config")
          || name.equals("--trusted-proxies") || name.equals("--scenario-seconds") || name.equals("--seed");
      if (!flag && !valued) {
        throw new UsageException("unknown option '" + name + "'");
      }
      if (!seen.add(name)) {
        throw new UsageException(name + " was given twice");
      }
      if (flag) {
        if (inline != null) {
          throw new UsageException(name + " takes no value");
        }
        if (name.equals("--netty")) {
          netty = true;
        } else if (name.equals("--no-scenario")) {
          noScenario = true;
        } else {
          exitAfter = true;
        }
        continue;
      }
      String value;
      if (inline != null) {
        value = inline;
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        value = args.get(++i);
      } else {
        throw new UsageException(name + " needs a value");
      }
      switch (name) {
        case "--port":
          port = integer(name, value, 0, 65535);
          break;
        case "--redis":
          redis = redisUrl(name, value);
          break;
        case "--config":
          if (value.startsWith(CLASSPATH_PREFIX)) {
            resource = resource(name, value.substring(CLASSPATH_PREFIX.length()));
          } else {
            config = path(name, value);
          }
          break;
        case "--seed":
          resource = seed(name, value);
          break;
        case "--trusted-proxies":
          proxies = cidrs(name, value);
          break;
        default: // --scenario-seconds, the only valued option left
          seconds = integer(name, value, 1, MAX_SCENARIO_SECONDS);
      }
    }
    if (seen.contains("--seed") && seen.contains("--config")) {
      throw new UsageException("--seed and --config both name the policies: give one");
    }
    if (noScenario && exitAfter) {
      throw new UsageException("--exit-after-scenario needs the scenario: drop --no-scenario");
    }
    if (noScenario && seen.contains("--scenario-seconds")) {
      throw new UsageException("--scenario-seconds has no effect with --no-scenario");
    }
    if (redis == null) {
      String fromEnv = env.get(REDIS_URL_ENV);
      if (fromEnv != null && !fromEnv.isBlank()) {
        redis = redisUrl("the " + REDIS_URL_ENV + " environment variable", fromEnv.trim());
      }
    }
    return new DemoOptions(port, netty, redis, config, proxies, seconds, !noScenario, exitAfter, false, resource);
  }

  private static String resource(String name, String value) throws UsageException {
    String resource = value.startsWith("/") ? value.substring(1) : value;
    if (resource.isEmpty()) {
      throw new UsageException(name + " needs a resource name after '" + CLASSPATH_PREFIX + "'");
    }
    return resource;
  }

  private static String seed(String name, String value) throws UsageException {
    String letter = value.toLowerCase(java.util.Locale.ROOT);
    if (letter.length() != 1 || letter.charAt(0) < 'a' || letter.charAt(0) > 'e') {
      throw new UsageException(name + " must be one of a, b, c, d, e but was '" + value + "'");
    }
    return "seeds/seed-" + letter + ".yaml";
  }

  private static int integer(String name, String value, int min, int max) throws UsageException {
    String message = name + " must be an integer from " + min + " to " + max + " but was '" + value + "'";
    if (value.isEmpty() || value.length() > 6 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new UsageException(message);
    }
    int n = Integer.parseInt(value);
    if (n < min || n > max) {
      throw new UsageException(message);
    }
    return n;
  }

  private static String redisUrl(String name, String value) throws UsageException {
    String message = name + " must be a redis:// or rediss:// URL with a host but was '" + value + "'";
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equals("redis") || scheme.equals("rediss")) || uri.getHost() == null) {
        throw new UsageException(message);
      }
      return value;
    } catch (URISyntaxException e) {
      throw new UsageException(message);
    }
  }

  private static Path path(String name, String value) throws UsageException {
    if (value.isEmpty()) {
      throw new UsageException(name + " needs a file name");
    }
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new UsageException(name + " is not a valid file name: '" + value + "'");
    }
  }

  private static List<String> cidrs(String name, String value) throws UsageException {
    List<String> out = new ArrayList<>();
    int start = 0;
    while (true) {
      int comma = value.indexOf(',', start);
      String entry = (comma < 0 ? value.substring(start) : value.substring(start, comma)).trim();
      if (!IpLiteral.isCidr(entry)) {
        throw new UsageException(
            name + " takes IP addresses or CIDRs separated by commas (10.0.0.0/8,::1) but '" + entry
                + "' is not one");
      }
      try {
        ClientIpResolver.trustedProxies(entry);
      } catch (IllegalArgumentException e) {
        throw new UsageException(name + ": " + e.getMessage());
      }
      out.add(entry);
      if (comma < 0) {
        return out;
      }
      start = comma + 1;
    }
  }
}
