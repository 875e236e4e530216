package dev.bulwark.examples.scenario;

import dev.bulwark.core.Sleeper;
import dev.bulwark.core.Ticker;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;

/**
 * Drives a running demo with the traffic of several {@link ClientKind}s for a number of seconds
 * and reports what each kind and each route got back.
 *
 * <pre>{@code
 * ScenarioResult result = TrafficScenario.builder(URI.create("http://127.0.0.1:8080/"))
 *     .duration(Duration.ofSeconds(20))
 *     .progress(System.out, System.console() != null)
 *     .build()
 *     .run();
 * System.out.print(ScenarioReport.format(result));
 * }</pre>
 *
 * <h2>How it runs</h2>
 * The run is cut into ticks of 100 ms; at each tick the {@linkplain TrafficPlan plan} says what
 * every kind sends, so how many requests each kind sends depends only on the duration. Requests
 * are sent asynchronously and never wait for each other; after the last tick the scenario waits
 * for every answer (at most the request timeout), reads the breaker transitions from
 * {@code /api/state}, and returns. Ticks are paced with the {@link Ticker} and {@link Sleeper}, so
 * a test with a {@link dev.bulwark.core.ManualTicker} runs every tick at once.
 *
 * <h2>Client addresses</h2>
 * When the target is a loopback address, each kind's connections are bound to its own source
 * addresses ({@link ClientKind#addresses()}, 127.0.0.N), so the demo sees different client IPs.
 * If this machine cannot bind them (only 127.0.0.1 exists on macOS by default), every kind sends
 * from the system's choice and a note says so; the limits then apply to all kinds together.
 *
 * <p>A scenario object may be run more than once, not concurrently.
 */
public final class TrafficScenario {

  private static final long TICK_NANOS = 1_000_000_000L / TrafficPlan.TICKS_PER_SECOND;
  private static final int MAX_RESPONSE_BYTES = 1 << 20;

  private final URI target;
  private final Duration duration;
  private final PrintStream out;
  private final boolean terminal;
  private final Ticker ticker;
  private final Sleeper sleeper;
  private final Clock clock;
  private final long seed;
  private final Duration requestTimeout;
  private final boolean bindAddresses;

  private TrafficScenario(Builder b) {
    this.target = b.target;
    this.duration = b.duration;
    this.out = b.out;
    this.terminal = b.terminal;
    this.ticker = b.ticker;
    this.sleeper = b.sleeper;
    this.clock = b.clock;
    this.seed = b.seed;
    this.requestTimeout = b.requestTimeout;
    this.bindAddresses = b.bindAddresses;
  }

  /**
   * Starts configuring a scenario.
   *
   * @param target the demo's base URI, e.g. {@code http://127.0.0.1:8080/}
   * @return a new builder
   * @throws NullPointerException if {@code target} is null
   * @throws IllegalArgumentException if {@code target} is not an absolute http URI
   */
  public static Builder builder(URI target) {
    return new Builder(target);
  }

  /**
   * Runs the scenario: returns when every request is answered or timed out.
   *
   * @return what was sent and got back
   * @throws IOException if the HTTP clients cannot start
   * @throws InterruptedException if the calling thread is interrupted (requests in flight are
   *     abandoned)
   */
  public ScenarioResult run() throws IOException, InterruptedException {
    int ticks = (int) (duration.toMillis() * TrafficPlan.TICKS_PER_SECOND / 1000);
    TrafficPlan plan = new TrafficPlan(ticks, seed);
    List<String> notes = new ArrayList<>();
    boolean bind = bindAddresses && bindable(notes);
    Tally tally = new Tally();
    Phaser inFlight = new Phaser(1);
    Progress progress = new Progress(out, terminal, ticks);
    List<BreakerTransition> transitions;
    try (ScenarioClients clients = new ScenarioClients()) {
      Instant startedAt = clock.instant();
      long start = ticker.read();
      for (int tick = 0; tick < ticks; tick++) {
        long wait = start + tick * TICK_NANOS - ticker.read();
        if (wait > 0) {
          sleeper.sleepNanos(wait);
        }
        for (PlannedRequest p : plan.at(tick)) {
          send(clients.client(bind ? p.address() : null, agent(p.kind())), p, tally, inFlight);
        }
        progress.update(tick + 1, tally.sent());
      }
      progress.finish();
      try {
        long patience = requestTimeout.plusSeconds(5).toNanos();
        inFlight.awaitAdvanceInterruptibly(inFlight.arrive(), patience, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        notes.add("some requests were still unanswered after " + requestTimeout.plusSeconds(5).toSeconds()
            + " s; they count as failed");
      }
      tally.close();
      HttpClient observer =
          clients.client(bind ? ClientKind.OBSERVER_ADDRESS : null, "bulwark-scenario/observer");
      transitions = transitions(observer, startedAt, notes);
    }
    return new ScenarioResult(
        target, duration, tally.byKind(), tally.byRoute(), tally.cells(), transitions, notes);
  }

  private boolean bindable(List<String> notes) {
    String host = target.getHost();
    boolean loopback;
    try {
      loopback = host != null && InetAddress.getByName(host).isLoopbackAddress();
    } catch (IOException e) {
      loopback = false;
    }
    if (!loopback) {
      notes.add("the target is not a loopback address: every client kind sends from this machine's address");
      return false;
    }
    for (ClientKind kind : ClientKind.values()) {
      for (String address : kind.addresses()) {
        if (!ScenarioClients.canBind(address)) {
          notes.add("cannot bind source address " + address
              + ": every client kind sends from the same address, so they share their limits");
          return false;
        }
      }
    }
    return true;
  }

  // The dependent stage of the completion hook is not needed: the hook catches everything.
  @SuppressWarnings("FutureReturnValueIgnored")
  private void send(HttpClient client, PlannedRequest p, Tally tally, Phaser inFlight) {
    Request request =
        client
            .newRequest(target.resolve(p.path().substring(1)))
            .method(p.method())
            .timeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
    p.query().forEach(request::param);
    if (!p.headers().isEmpty()) {
      request.headers(h -> p.headers().forEach(h::put));
    }
    String body = p.body();
    if (body != null) {
      String type = p.contentType();
      request.body(new StringRequestContent(type != null ? type : "text/plain", body, StandardCharsets.UTF_8));
    }
    Tally.Cell cell = tally.sent(p.kind(), p.route());
    inFlight.register();
    long begin = ticker.read();
    new CompletableResponseListener(request, MAX_RESPONSE_BYTES)
        .send()
        .whenComplete(
            (response, error) -> {
              try {
                if (error == null && response != null) {
                  tally.answered(cell, response.getStatus(), Math.max(0, ticker.read() - begin));
                } else {
                  tally.failed(cell);
                }
              } finally {
                inFlight.arriveAndDeregister();
              }
            });
  }

  private List<BreakerTransition> transitions(HttpClient observer, Instant since, List<String> notes)
      throws InterruptedException {
    try {
      ContentResponse response =
          observer.newRequest(target.resolve("api/state")).timeout(10, TimeUnit.SECONDS).send();
      if (response.getStatus() != 200) {
        notes.add("could not read the breaker transitions: /api/state answered " + response.getStatus());
        return List.of();
      }
      return StateTransitions.parse(response.getContentAsString(), since);
    } catch (ExecutionException | TimeoutException | IOException e) {
      notes.add("could not read the breaker transitions from /api/state: " + e.getMessage());
      return List.of();
    }
  }

  private static String agent(ClientKind kind) {
    return "bulwark-scenario/" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Configures a {@link TrafficScenario}. Each setting may be made once. Not thread-safe.
   *
   * <p>Defaults: 20 seconds; no progress output; the system ticker, sleeper and UTC clock; seed 1;
   * a request timeout of 35 s (longer than the chat pipeline's 30 s); bound source addresses.
   */
  public static final class Builder {

    private final URI target;
    private Duration duration = Duration.ofSeconds(20);
    private PrintStream out = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
    private boolean terminal;
    private Ticker ticker = Ticker.system();
    private Sleeper sleeper = Sleeper.system();
    private Clock clock = Clock.systemUTC();
    private long seed = 1;
    private Duration requestTimeout = Duration.ofSeconds(35);
    private boolean bindAddresses = true;
    private final List<String> set = new ArrayList<>();

    private Builder(URI target) {
      Objects.requireNonNull(target, "target");
      if (!"http".equals(target.getScheme()) || target.getHost() == null) {
        throw new IllegalArgumentException("target must be an absolute http URI but was " + target);
      }
      String path = target.getPath();
      this.target = path == null || path.isEmpty() || !path.endsWith("/")
          ? URI.create(target + "/")
          : target;
    }

    /**
     * Sets how long the scenario sends.
     *
     * @param value at least 100 ms; cut to whole ticks of 100 ms
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is shorter than 100 ms or longer than a day
     * @throws IllegalStateException if already set
     */
    public Builder duration(Duration value) {
      once("duration");
      Objects.requireNonNull(value, "value");
      if (value.toMillis() < 100 || value.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("duration must be from 100 ms to 1 day but was " + value);
      }
      duration = value;
      return this;
    }

    /**
     * Shows a progress bar.
     *
     * @param stream where to print it
     * @param isTerminal whether {@code stream} is a terminal: then the bar is redrawn in place every
     *     second, else a line is printed at each quarter of the run
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder progress(PrintStream stream, boolean isTerminal) {
      once("progress");
      out = Objects.requireNonNull(stream, "stream");
      terminal = isTerminal;
      return this;
    }

    /**
     * Sets the clock that paces the ticks and measures latencies, and the sleeper that waits for
     * the next tick.
     *
     * @param clockTicker the ticker
     * @param tickSleeper the sleeper, e.g. {@link dev.bulwark.core.ManualTicker#sleeper()} of the
     *     same ticker in tests
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder pacing(Ticker clockTicker, Sleeper tickSleeper) {
      once("pacing");
      ticker = Objects.requireNonNull(clockTicker, "clockTicker");
      sleeper = Objects.requireNonNull(tickSleeper, "tickSleeper");
      return this;
    }

    /**
     * Sets the wall clock that dates the run's start, against which the server's transition times
     * are reported.
     *
     * @param value the clock
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder clock(Clock value) {
      once("clock");
      clock = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * Sets the seed of the plan's randomness (the spoofed addresses).
     *
     * @param value the seed
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder seed(long value) {
      once("seed");
      seed = value;
      return this;
    }

    /**
     * Sets how long a request may take before it counts as failed.
     *
     * @param value a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is not positive
     * @throws IllegalStateException if already set
     */
    public Builder requestTimeout(Duration value) {
      once("requestTimeout");
      Objects.requireNonNull(value, "value");
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("requestTimeout must be positive but was " + value);
      }
      requestTimeout = value;
      return this;
    }

    /**
     * Sets whether each kind sends from its own source addresses (default true).
     *
     * @param value false to let the system choose the source address for every kind
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder bindAddresses(boolean value) {
      once("bindAddresses");
      bindAddresses = value;
      return this;
    }

    /**
     * Builds the scenario.
     *
     * @return the scenario
     */
    public TrafficScenario build() {
      return new TrafficScenario(this);
    }

    private void once(String setting) {
      if (set.contains(setting)) {
        throw new IllegalStateException(setting + " was already set");
      }
      set.add(setting);
    }
  }
}
