package dev.bulwark.circuitbreaker;

import dev.bulwark.core.Ticker;
import dev.bulwark.core.internal.FanOut;
import dev.bulwark.core.internal.Preconditions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Circuit breakers by name: one breaker per dependency, created on first use from the default config
 * or a named one, and listable for metrics and health checks.
 *
 * <pre>{@code
 * CircuitBreakerRegistry registry = CircuitBreakerRegistry.builder()
 *     .defaultConfig(CircuitBreakerConfig.builder().trip(TripStrategy.consecutiveFailures(5)).build())
 *     .config("search", CircuitBreakerConfig.builder()
 *         .slidingWindow(SlidingWindow.ofTime(Duration.ofSeconds(60)))
 *         .failureRateThreshold(50).minimumCalls(20).build())
 *     .listener(metricsListener)
 *     .build();
 * CircuitBreaker llm = registry.breaker("llm");                   // default config
 * CircuitBreaker es = registry.breaker("elasticsearch", "search"); // named config
 * }</pre>
 *
 * <p>Every breaker the registry creates shares its ticker, scheduler, listeners and choice of
 * statistics. Thread-safe:
 * concurrent requests for the same name create exactly one breaker. Looking up an existing breaker
 * takes no lock; creating one takes the registry's creation lock, so that
 * {@link #onEachBreaker(Consumer)} sees every breaker exactly once.
 */
public final class CircuitBreakerRegistry {

  private final CircuitBreakerConfig defaultConfig;
  private final Map<String, CircuitBreakerConfig> configs;
  private final @Nullable Ticker ticker;
  private final @Nullable ScheduledExecutorService scheduler;
  private final List<CircuitBreakerListener> listeners;
  private final CircuitBreakerStats.@Nullable Timing statsTiming;
  private final ConcurrentHashMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
  /** Guards creation and {@link #actions}: a breaker is created and announced as one step. */
  private final Object creation = new Object();
  /** Guarded by {@link #creation}. */
  private final List<Consumer<? super CircuitBreaker>> actions = new ArrayList<>();

  private CircuitBreakerRegistry(Builder b) {
    this.defaultConfig = b.defaultConfig != null ? b.defaultConfig : CircuitBreakerConfig.defaults();
    this.configs = Map.copyOf(b.configs);
    this.ticker = b.ticker;
    this.scheduler = b.scheduler;
    this.listeners = List.copyOf(b.listeners);
    this.statsTiming = b.statsTiming;
  }

  /**
   * Starts a registry with the default config, the system ticker, no scheduler and no listener.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates a registry whose breakers use {@link CircuitBreakerConfig#defaults()}.
   *
   * @return a new, empty registry
   */
  public static CircuitBreakerRegistry ofDefaults() {
    return builder().build();
  }

  /**
   * Returns the breaker of this name, creating it from the default config if there is none. Creating
   * a breaker named like a registered config logs a configuration warning: that config is not
   * applied (use {@link #breaker(String, String)}).
   *
   * @param name the breaker's name; not blank
   * @return the breaker (whatever config it was created with)
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public CircuitBreaker breaker(String name) {
    Objects.requireNonNull(name, "name");
    CircuitBreaker existing = breakers.get(name);
    if (existing != null) {
      return existing;
    }
    return getOrCreate(name, defaultConfig, configs.containsKey(name));
  }

  /**
   * Returns the breaker of this name, creating it from the named config if there is none.
   *
   * @param name the breaker's name; not blank
   * @param configName a config registered with {@link Builder#config(String, CircuitBreakerConfig)}
   * @return the breaker
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code configName} is unknown or {@code name} is blank
   * @throws IllegalStateException if the breaker exists with another config
   */
  public CircuitBreaker breaker(String name, String configName) {
    Objects.requireNonNull(configName, "configName");
    CircuitBreakerConfig config = configs.get(configName);
    if (config == null) {
      throw new IllegalArgumentException(
          "configName must be one of " + configs.keySet() + " but was '" + configName + "'");
    }
    return breaker(name, config);
  }

  /**
   * Returns the breaker of this name, creating it from {@code config} if there is none.
   *
   * @param name the breaker's name; not blank
   * @param config the config for a new breaker
   * @return the breaker
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if the breaker exists with another config (compared by identity)
   */
  public CircuitBreaker breaker(String name, CircuitBreakerConfig config) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(config, "config");
    CircuitBreaker existing = breakers.get(name);
    CircuitBreaker breaker = existing != null ? existing : getOrCreate(name, config, false);
    if (breaker.config() != config) {
      throw new IllegalStateException(
          "circuit breaker '" + name + "' already exists with " + breaker.config() + ", not " + config);
    }
    return breaker;
  }

  /**
   * Returns the breaker of this name, if it was created.
   *
   * @param name the name
   * @return the breaker, or empty
   * @throws NullPointerException if {@code name} is null
   */
  public Optional<CircuitBreaker> find(String name) {
    return Optional.ofNullable(breakers.get(Objects.requireNonNull(name, "name")));
  }

  /**
   * Returns every breaker created so far, sorted by name.
   *
   * @return an immutable snapshot
   */
  public List<CircuitBreaker> breakers() {
    List<CircuitBreaker> all = new ArrayList<>(breakers.values());
    all.sort(Comparator.comparing(CircuitBreaker::name));
    return List.copyOf(all);
  }

  /**
   * Returns the config used by {@link #breaker(String)}.
   *
   * @return the default config
   */
  public CircuitBreakerConfig defaultConfig() {
    return defaultConfig;
  }

  /**
   * Returns a named config.
   *
   * @param configName the name given to {@link Builder#config(String, CircuitBreakerConfig)}
   * @return the config, or empty
   * @throws NullPointerException if {@code configName} is null
   */
  public Optional<CircuitBreakerConfig> config(String configName) {
    return Optional.ofNullable(configs.get(Objects.requireNonNull(configName, "configName")));
  }

  /**
   * Returns whether every breaker of this registry keeps {@link CircuitBreakerStats}, as chosen by
   * {@link Builder#recordStats()}.
   *
   * @return true if the registry's breakers keep statistics
   */
  public boolean recordsStats() {
    return statsTiming != null;
  }

  /**
   * Runs {@code action} for every breaker of this registry: at once for each breaker created so far
   * (in name order), then for each breaker created later, before that breaker is returned to anyone.
   * Every breaker is seen exactly once by each action, however creations and this call interleave.
   * This is how metrics bind a whole registry.
   *
   * <p>Actions run on the creating thread while it holds the registry's creation lock: keep them
   * short. They may look up or create other breakers of this registry. An action that throws is
   * logged and skipped; the breaker is created all the same. There is no removal: the action lives as
   * long as the registry.
   *
   * @param action what to do with each breaker
   * @throws NullPointerException if {@code action} is null
   */
  public void onEachBreaker(Consumer<? super CircuitBreaker> action) {
    Objects.requireNonNull(action, "action");
    synchronized (creation) {
      actions.add(action);
      for (CircuitBreaker breaker : breakers()) {
        FanOut.deliverTo(action, breaker, Consumer::accept, CircuitBreakerRegistry::actionFailed);
      }
    }
  }

  /** Creates the breaker unless another thread just did; announces it before publishing it. */
  private CircuitBreaker getOrCreate(String name, CircuitBreakerConfig config, boolean warnNamedConfig) {
    synchronized (creation) {
      CircuitBreaker existing = breakers.get(name);
      if (existing != null) {
        return existing;
      }
      CircuitBreaker created = create(name, config);
      if (warnNamedConfig) {
        warnDefaultConfigForConfiguredName(name);
      }
      FanOut.deliver(actions, created, Consumer::accept, CircuitBreakerRegistry::actionFailed);
      breakers.put(name, created);
      return created;
    }
  }

  private static void actionFailed(
      Consumer<? super CircuitBreaker> action, CircuitBreaker breaker, RuntimeException e) {
    Log.LOGGER
        .atWarn()
        .setMessage("circuit breaker '{}': registry action {} threw")
        .addArgument(breaker.name())
        .addArgument(action)
        .addKeyValue("event", "circuit_breaker_listener_failed")
        .addKeyValue("name", breaker.name())
        .addKeyValue("listener", String.valueOf(action))
        .setCause(e)
        .log();
  }

  private static void warnDefaultConfigForConfiguredName(String name) {
    Log.LOGGER
        .atWarn()
        .setMessage(
            "circuit breaker '{}' was created with the default config, although a config named '{}' is"
                + " registered; use breaker(name, configName) to apply it")
        .addArgument(name)
        .addArgument(name)
        .addKeyValue("event", "configuration_warning")
        .addKeyValue("name", name)
        .addKeyValue("warning", "named_config_not_applied")
        .log();
  }

  private CircuitBreaker create(String name, CircuitBreakerConfig config) {
    CircuitBreaker.Builder b = CircuitBreaker.builder(name).config(config);
    if (ticker != null) {
      b.ticker(ticker);
    }
    if (scheduler != null) {
      b.scheduler(scheduler);
    }
    listeners.forEach(b::listener);
    if (statsTiming != null) {
      b.recordStats(statsTiming);
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "CircuitBreakerRegistry" + breakers.keySet();
  }

  /**
   * Builds a {@link CircuitBreakerRegistry}. Each setting may be made once (a named config once per
   * name); {@link #listener} may be called several times. Not thread-safe.
   */
  public static final class Builder {

    private @Nullable CircuitBreakerConfig defaultConfig;
    private final Map<String, CircuitBreakerConfig> configs = new HashMap<>();
    private @Nullable Ticker ticker;
    private @Nullable ScheduledExecutorService scheduler;
    private final List<CircuitBreakerListener> listeners = new ArrayList<>();
    private CircuitBreakerStats.@Nullable Timing statsTiming;

    private Builder() {}

    /**
     * Sets the config of breakers created without a config name. Default:
     * {@link CircuitBreakerConfig#defaults()}.
     *
     * @param config the default config
     * @return this builder
     * @throws NullPointerException if {@code config} is null
     * @throws IllegalStateException if already set
     */
    public Builder defaultConfig(CircuitBreakerConfig config) {
      Objects.requireNonNull(config, "config");
      Preconditions.requireUnset("defaultConfig", defaultConfig);
      defaultConfig = config;
      return this;
    }

    /**
     * Registers a named config for {@link CircuitBreakerRegistry#breaker(String, String)}.
     *
     * @param configName the name; not blank
     * @param config the config
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code configName} is blank
     * @throws IllegalStateException if a config of this name was already registered
     */
    public Builder config(String configName, CircuitBreakerConfig config) {
      Objects.requireNonNull(configName, "configName");
      Objects.requireNonNull(config, "config");
      if (configName.isBlank()) {
        throw new IllegalArgumentException("configName must not be blank but was '" + configName + "'");
      }
      CircuitBreakerConfig previous = configs.putIfAbsent(configName, config);
      if (previous != null) {
        throw new IllegalStateException("config '" + configName + "' was already set to " + previous);
      }
      return this;
    }

    /**
     * Sets the clock of every breaker. Default: {@link Ticker#system()}.
     *
     * @param ticker the clock
     * @return this builder
     * @throws NullPointerException if {@code ticker} is null
     * @throws IllegalStateException if already set
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Preconditions.setOnce("ticker", this.ticker, ticker);
      return this;
    }

    /**
     * Sets the scheduler that moves every breaker from OPEN to HALF_OPEN on time; see
     * {@link CircuitBreaker.Builder#scheduler}. Default: none.
     *
     * @param scheduler the scheduler
     * @return this builder
     * @throws NullPointerException if {@code scheduler} is null
     * @throws IllegalStateException if already set
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Preconditions.setOnce("scheduler", this.scheduler, scheduler);
      return this;
    }

    /**
     * Adds a listener to every breaker the registry creates; may be called several times.
     *
     * @param listener the listener; see {@link CircuitBreakerEvent#breakerName()} to tell breakers apart
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder listener(CircuitBreakerListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Makes every breaker the registry creates keep its {@link CircuitBreakerStats}; see
     * {@link CircuitBreaker.Builder#recordStats()}. Default: no statistics.
     *
     * @return this builder
     * @throws IllegalStateException if statistics were already chosen
     */
    public Builder recordStats() {
      return recordStats(CircuitBreakerStats.Timing.WHEN_MEASURED);
    }

    /**
     * Makes every breaker the registry creates keep its {@link CircuitBreakerStats}, timing the calls
     * {@code timing} says; see {@link CircuitBreaker.Builder#recordStats(CircuitBreakerStats.Timing)}.
     *
     * @param timing which calls' durations the statistics sum
     * @return this builder
     * @throws NullPointerException if {@code timing} is null
     * @throws IllegalStateException if statistics were already chosen
     */
    public Builder recordStats(CircuitBreakerStats.Timing timing) {
      Objects.requireNonNull(timing, "timing");
      Preconditions.requireUnset("recordStats", statsTiming);
      statsTiming = timing;
      return this;
    }

    /**
     * Builds the registry, empty.
     *
     * @return the registry
     */
    public CircuitBreakerRegistry build() {
      return new CircuitBreakerRegistry(this);
    }
  }
}
