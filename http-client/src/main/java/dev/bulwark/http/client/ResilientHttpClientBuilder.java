package dev.bulwark.http.client;

import dev.bulwark.core.Sleeper;
import dev.bulwark.core.Ticker;
import dev.bulwark.core.internal.Preconditions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Configures a {@link ResilientHttpClient}. Each setting may be made once (a second call throws
 * {@link IllegalStateException}); per-host policies accumulate; the order of calls never matters.
 * Not thread-safe; the built client is.
 *
 * <p>Defaults: {@link HttpPolicy#defaults()} for every host; one pipeline per URI authority;
 * at most 1024 hosts; {@link Ticker#system()}, {@link Sleeper#system()},
 * {@link Clock#systemUTC()}, {@code ThreadLocalRandom} for jitter, and the retry's shared daemon
 * scheduler for async waits.
 */
public final class ResilientHttpClientBuilder {

  /** The default key: the request URI's authority, {@code host:port} as written. */
  private static String authority(HttpRequest request) {
    String authority = request.uri().getRawAuthority();
    if (authority == null) {
      throw new IllegalArgumentException("the request URI has no authority (host): " + request.uri());
    }
    return authority;
  }

  private final HttpClient http;
  private @Nullable HttpPolicy defaultPolicy;
  private final Map<String, HttpPolicy> policies = new LinkedHashMap<>();
  private @Nullable Function<? super HttpRequest, String> pipelineKey;
  private int maxHosts;
  private @Nullable Ticker ticker;
  private @Nullable Sleeper sleeper;
  private @Nullable Clock clock;
  private @Nullable DoubleSupplier random;
  private @Nullable ScheduledExecutorService scheduler;

  ResilientHttpClientBuilder(HttpClient http) {
    this.http = http;
  }

  /**
   * Sets the policy of every host without its own.
   *
   * @param policy the policy
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public ResilientHttpClientBuilder policy(HttpPolicy policy) {
    this.defaultPolicy = Preconditions.setOnce("policy", defaultPolicy, policy);
    return this;
  }

  /**
   * Sets the policy of one host (or dependency), by its key.
   *
   * @param key the key, as {@link #pipelineKey} makes it: {@code host:port} as written in the URI
   *     by default, such as {@code api.example.com} or {@code 127.0.0.1:8080}
   * @param policy the policy
   * @return this builder
   * @throws IllegalArgumentException if {@code key} is blank
   * @throws IllegalStateException if that key already has a policy
   */
  public ResilientHttpClientBuilder policy(String key, HttpPolicy policy) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(policy, "policy");
    if (key.isBlank()) {
      throw new IllegalArgumentException("key must not be blank");
    }
    Preconditions.requireUnset("policy(" + key + ")", policies.get(key));
    policies.put(key, policy);
    return this;
  }

  /**
   * Sets how requests are grouped into pipelines: each distinct key gets its own budget, breaker
   * and limiter. One named dependency for every request: {@code pipelineKey(request -> "llm")}.
   *
   * @param pipelineKey returns the request's key; must not return null
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public ResilientHttpClientBuilder pipelineKey(Function<? super HttpRequest, String> pipelineKey) {
    this.pipelineKey = Preconditions.setOnce("pipelineKey", this.pipelineKey, pipelineKey);
    return this;
  }

  /**
   * Limits how many pipelines the client keeps (they are never dropped): a request that would open
   * one more fails with {@link IllegalStateException} instead of letting a client that follows
   * arbitrary URLs grow without bound.
   *
   * @param maxHosts at least 1; default 1024
   * @return this builder
   * @throws IllegalArgumentException if {@code maxHosts} is below 1
   * @throws IllegalStateException if it was already set
   */
  public ResilientHttpClientBuilder maxHosts(int maxHosts) {
    Preconditions.requireAtLeastOne("maxHosts", maxHosts);
    Preconditions.requireUnset("maxHosts", this.maxHosts != 0, this.maxHosts);
    this.maxHosts = maxHosts;
    return this;
  }

  /**
   * Sets the clock of the overall timeouts, retry budgets, breakers and limiters.
   *
   * @param ticker the clock, e.g. a {@link dev.bulwark.core.ManualTicker} in tests
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public ResilientHttpClientBuilder ticker(Ticker ticker) {
    this.ticker = Preconditions.setOnce("ticker", this.ticker, ticker);
    return this;
  }

  /**
   * Sets how sync calls wait between attempts.
   *
   * @param sleeper the sleeper, e.g. {@link dev.bulwark.core.ManualTicker#sleeper()} in tests
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public ResilientHttpClientBuilder sleeper(Sleeper sleeper) {
    this.sleeper = Preconditions.setOnce("sleeper", this.sleeper, sleeper);
    return this;
  }

  /**
   * Sets the wall clock that {@code Retry-After} HTTP-dates are compared with.
   *
   * @param clock the clock
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public ResilientHttpClientBuilder clock(Clock clock) {
    this.clock = Preconditions.setOnce("clock", this.clock, clock);
    return this;
  }

  /**
   * Sets the randomness of jittered backoffs.
   *
   * @param random returns values uniform in [0, 1); may be called from several threads at once
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public ResilientHttpClientBuilder random(DoubleSupplier random) {
    this.random = Preconditions.setOnce("random", this.random, random);
    return this;
  }

  /**
   * Sets the scheduler of async waits; the attempts after the first start on its thread.
   *
   * @param scheduler the scheduler; never shut down by the client
   * @return this builder
   * @throws IllegalStateException if it was already set
   */
  public ResilientHttpClientBuilder scheduler(ScheduledExecutorService scheduler) {
    this.scheduler = Preconditions.setOnce("scheduler", this.scheduler, scheduler);
    return this;
  }

  /**
   * Builds the client. Hosts' pipelines are built when a host is first called.
   *
   * @return a new, thread-safe client
   */
  public ResilientHttpClient build() {
    ClientSettings settings = new ClientSettings(
        ticker != null ? ticker : Ticker.system(),
        sleeper != null ? sleeper : Sleeper.system(),
        clock != null ? clock : Clock.systemUTC(),
        random,
        scheduler);
    return new ResilientHttpClient(
        http,
        defaultPolicy != null ? defaultPolicy : HttpPolicy.defaults(),
        policies,
        pipelineKey != null ? pipelineKey : ResilientHttpClientBuilder::authority,
        maxHosts != 0 ? maxHosts : 1024,
        settings);
  }
}
