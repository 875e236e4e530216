package dev.bulwark.examples;

import dev.bulwark.config.ConfigException;
import dev.bulwark.examples.scenario.BreakerTransition;
import dev.bulwark.examples.scenario.ScenarioReport;
import dev.bulwark.examples.scenario.ScenarioResult;
import dev.bulwark.examples.scenario.TrafficScenario;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The demo's entry point, {@code java -jar bulwark-demo.jar [options]} (see
 * {@link DemoOptions#USAGE}): loads the policies into a {@link DemoGateway}, serves it on
 * 127.0.0.1 (Jetty through the servlet adapter; Netty with {@code --netty}), prints its address,
 * runs the traffic scenario against it and prints the report, then serves until interrupted (or
 * stops, with {@code --exit-after-scenario}).
 *
 * <p>Exit status: 0 on success or {@code --help}; 2 for a bad command line or configuration (with
 * the reason on standard error, and the usage for a bad command line); 1 if the server cannot
 * start or the scenario fails.
 *
 * <p>A {@code --config} file is watched while the demo runs: every {@value #CONFIG_WATCH_SECONDS}
 * seconds its text is compared with the text loaded last, and a changed, valid file replaces the
 * edge the server runs without a restart ({@link DemoGateway#watchConfig}); an invalid one is logged
 * and the old configuration kept.
 */
public final class DemoMain {

  /** How often a {@code --config} file is checked for changes, in seconds. */
  public static final int CONFIG_WATCH_SECONDS = 2;

  /** The exit status of a bad command line. */
  public static final int USAGE_ERROR = 2;

  /** The exit status when the server cannot start or the scenario fails. */
  public static final int FAILURE = 1;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final DemoServer.Factory servers;
  private final boolean terminal;

  /**
   * Creates the command with its surroundings, for tests and for other servers.
   *
   * @param out standard output: the address, the progress and the report
   * @param err standard error: usage errors and failures
   * @param env the environment, for {@code REDIS_URL}
   * @param servers starts the HTTP server that serves the gateway
   * @param terminal whether {@code out} is a terminal (the progress bar redraws in place)
   */
  public DemoMain(
      PrintStream out, PrintStream err, Map<String, String> env, DemoServer.Factory servers, boolean terminal) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.env = Map.copyOf(env);
    this.servers = Objects.requireNonNull(servers, "servers");
    this.terminal = terminal;
  }

  /**
   * Runs the demo and exits the JVM with the command's status.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    DemoMain main = new DemoMain(System.out, System.err, System.getenv(), DemoMain::startServer, isTerminal());
    System.exit(main.run(List.of(args)));
  }

  /** The servers of the command line: Jetty, or Netty with {@code --netty}. */
  static DemoServer startServer(DemoOptions options, DemoGateway gateway) throws IOException {
    return options.netty() ? NettyDemoServer.start(options, gateway) : JettyDemoServer.start(options, gateway);
  }

  /**
   * Runs the command: returns once it is done, which while serving means once the server is closed
   * (by the JVM's shutdown on Ctrl-C, for example).
   *
   * @param args the command line
   * @return the exit status: 0, {@value #FAILURE} or {@value #USAGE_ERROR}
   */
  public int run(List<String> args) {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args, env);
    } catch (UsageException e) {
      err.println("bulwark-demo: " + e.getMessage());
      err.println();
      err.print(DemoOptions.USAGE);
      return USAGE_ERROR;
    }
    if (options.help()) {
      out.print(DemoOptions.USAGE);
      return 0;
    }
    Path config = options.config();
    if (config != null && !Files.isRegularFile(config)) {
      err.println("bulwark-demo: --config: no such file: " + config);
      return USAGE_ERROR;
    }
    ScheduledThreadPoolExecutor scheduler = scheduler();
    try {
      DemoGateway gateway;
      try {
        gateway = DemoGateway.of(options, scheduler);
      } catch (ConfigException e) {
        err.println("bulwark-demo: " + e.getMessage());
        return USAGE_ERROR;
      } catch (IOException e) {
        Object what = config != null ? config : options.configResource();
        err.println("bulwark-demo: --config: cannot read " + what + ": " + e.getMessage());
        return USAGE_ERROR;
      }
      try (gateway) {
        gateway.watchConfig(scheduler, Duration.ofSeconds(CONFIG_WATCH_SECONDS));
        return serve(options, gateway);
      }
    } finally {
      scheduler.shutdownNow();
    }
  }

  private int serve(DemoOptions options, DemoGateway gateway) {
    Duration drainDeadline;
    try {
      drainDeadline = ShutdownDrain.deadline(env);
    } catch (UsageException e) {
      err.println("bulwark-demo: " + e.getMessage());
      return USAGE_ERROR;
    }
    DemoServer server;
    try {
      server = servers.start(options, gateway);
    } catch (IOException e) {
      err.println("bulwark-demo: cannot listen on 127.0.0.1:" + options.port() + ": " + e.getMessage());
      return FAILURE;
    }
    Thread hook = new Thread(new ShutdownDrain(gateway.edges()::current, server, drainDeadline, err), "bulwark-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return serve(options, gateway, server);
    } finally {
      server.close();
      removeHook(hook);
    }
  }

  private int serve(DemoOptions options, DemoGateway gateway, DemoServer server) {
    URI base = URI.create("http://127.0.0.1:" + server.port() + "/");
    out.println("Bulwark demo listening on " + base + " (dashboard: " + base + ", state: " + base + "api/state)");
    for (String note : server.notes()) {
      out.println("note: " + note);
    }
    for (String note : gateway.notes()) {
      out.println("note: " + note);
    }
    if (options.scenario()) {
      out.println("Running the traffic scenario for " + options.scenarioSeconds() + " s...");
      try {
        ScenarioResult result =
            TrafficScenario.builder(base)
                .duration(Duration.ofSeconds(options.scenarioSeconds()))
                .progress(out, terminal)
                .build()
                .run();
        out.println();
        out.print(ScenarioReport.format(result));
        String hint = breakerHint(result);
        if (hint != null) {
          out.println(hint);
        }
      } catch (IOException e) {
        err.println("bulwark-demo: the traffic scenario failed: " + e.getMessage());
        return FAILURE;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return FAILURE;
      }
    }
    if (options.exitAfterScenario()) {
      return 0;
    }
    out.println("Serving until interrupted (Ctrl-C).");
    try {
      server.awaitClose();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /**
   * The hint printed when the run ended with a breaker not closed again: with the 30 s open
   * duration, the default 20 s scenario shows the breaker open and failing fast, but ends before it
   * probes and closes.
   *
   * @return the hint, or null when every breaker that moved ended CLOSED
   */
  static @Nullable String breakerHint(ScenarioResult result) {
    Map<String, String> last = new LinkedHashMap<>();
    for (BreakerTransition t : result.transitions()) {
      last.put(t.breaker(), t.to());
    }
    for (Map.Entry<String, String> e : last.entrySet()) {
      if (!e.getValue().equals("CLOSED")) {
        return "hint: the scenario ended with breaker '" + e.getKey() + "' " + e.getValue()
            + " (it stays open 30 s before it probes): run with --scenario-seconds 60 to see it close";
      }
    }
    return null;
  }

  /**
   * Whether standard output is a terminal. Before JDK 22, {@link System#console()} is null unless
   * both standard streams are a terminal; from JDK 22 it may be non-null anyway, and
   * {@code Console.isTerminal()} (looked up reflectively: this code targets Java 17) tells.
   */
  @SuppressWarnings("SystemConsoleNull") // handled: isTerminal() is consulted where it exists
  static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return Boolean.TRUE.equals(isTerminal.invoke(console));
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  private static ScheduledThreadPoolExecutor scheduler() {
    AtomicInteger threads = new AtomicInteger();
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(
            2,
            task -> {
              Thread t = new Thread(task, "demo-scheduler-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    scheduler.setRemoveOnCancelPolicy(true); // every chat call arms a 30 s timeout and cancels it
    return scheduler;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down and runs the hook anyway
    }
  }
}
