package dev.bulwark.config;

import dev.bulwark.http.ReloadableEdge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configuration that can be replaced while the server runs: the {@link LoadedConfig} of a
 * document, and a {@link ReloadableEdge} that adapters serve, both swapped atomically when a new
 * document loads.
 *
 * <pre>{@code
 * ReloadingConfig config = ReloadingConfig.load(EdgeConfigLoader.defaults(), Path.of("bulwark.yaml"));
 * BulwarkFilter filter = new BulwarkFilter(config.edge());     // reads the current edge per request
 * config.watch(scheduler, Duration.ofSeconds(2));             // opt-in: reload when the file changes
 * }</pre>
 *
 * <h2>What a reload keeps, and what restarts</h2>
 * <ul>
 *   <li>Requests in flight finish on the routes they began on; requests that begin after the swap
 *       run on the new document's routes.
 *   <li>A route's in-memory rate limiter, in-memory concurrency limiter and circuit breaker (not
 *       one from a {@link EdgeConfigLoader.Builder#circuitBreakerRegistry registry}) are kept, with
 *       their state, when the new document has a route of the same name whose settings for that
 *       gate are equal (limits, algorithm and {@code maximumKeys}; per-client and total; the whole
 *       breaker configuration): a client's spent tokens stay spent (no free burst after a reload),
 *       permits in flight are released into the same limiter, an open breaker stays open.
 *   <li>A gate whose settings changed, or that is new, starts as a new one: a rate limiter with
 *       every client's bucket full, a concurrency limiter with no permit held (permits held on the
 *       replaced one go back to it), a breaker CLOSED with empty statistics. So do limiters from a
 *       backend (Redis keeps its counts itself), hierarchical limiters, the edge's CORS preflight
 *       limit, and the outbound pipelines, which are built anew from every document.
 *   <li>An invalid document is rejected whole: the problems are logged (event
 *       {@code config_reload_rejected}, WARN, on logger {@code dev.bulwark.config}), nothing is
 *       swapped, and the old configuration goes on serving.
 * </ul>
 * The replaced {@link LoadedConfig}'s backends (Redis connections) are closed after the swap;
 * requests still in flight on it that call a backend then see a failed call, which the limiter
 * handles by its failure policy.
 *
 * <p>Reloads are serialized; reading {@link #current()} and {@link #edge()} never blocks.
 * Thread-safe.
 */
public final class ReloadingConfig implements AutoCloseable {

  static final Logger LOG = LoggerFactory.getLogger("dev.bulwark.config");

  private final EdgeConfigLoader loader;
  private final @Nullable Path file;
  private final ReentrantLock lock = new ReentrantLock();
  private final ReloadableEdge edge;
  private volatile LoadedConfig current;
  /** The text last loaded, guarded by {@code lock}; a watcher reloads when the file differs. */
  private String loadedText;
  private final AtomicLong generation = new AtomicLong();

  private ReloadingConfig(EdgeConfigLoader loader, @Nullable Path file, String text, LoadedConfig first) {
    this.loader = loader;
    this.file = file;
    this.loadedText = text;
    this.current = first;
    this.edge = ReloadableEdge.of(first.edge());
  }

  /**
   * Loads a file (JSON if its name ends with {@code .json}, YAML otherwise) that {@link #reload()}
   * and {@link #watch} read again.
   *
   * @param loader the loader, with the options every reload uses
   * @param file the file
   * @return the configuration
   * @throws IOException if the file cannot be read
   * @throws ConfigException if the document has problems
   */
  public static ReloadingConfig load(EdgeConfigLoader loader, Path file) throws IOException {
    Objects.requireNonNull(loader, "loader");
    Objects.requireNonNull(file, "file");
    String text = Files.readString(file);
    return new ReloadingConfig(loader, file, text, loader.load(text, syntax(file), file.toString(), null));
  }

  /**
   * Loads a YAML document; later documents are given to {@link #reloadYaml(String)}.
   *
   * @param loader the loader, with the options every reload uses
   * @param yaml the document
   * @return the configuration
   * @throws ConfigException if the document has problems
   */
  public static ReloadingConfig fromYaml(EdgeConfigLoader loader, String yaml) {
    Objects.requireNonNull(loader, "loader");
    Objects.requireNonNull(yaml, "yaml");
    return new ReloadingConfig(loader, null, yaml, loader.load(yaml, Documents.Syntax.YAML, "YAML text", null));
  }

  /**
   * Returns the configuration loaded last.
   *
   * @return the current configuration
   */
  public LoadedConfig current() {
    return current;
  }

  /**
   * Returns the holder of the current edge, to give to an adapter.
   *
   * @return the same holder for the life of this object
   */
  public ReloadableEdge edge() {
    return edge;
  }

  /**
   * Returns how many reloads have been applied (0 after the first load).
   *
   * @return the number of successful reloads
   */
  public long generation() {
    return generation.get();
  }

  /**
   * Reads the file again and applies it, whether or not it changed.
   *
   * @return true if the document was applied; false if it was rejected (its problems logged, the
   *     old configuration kept)
   * @throws IOException if the file cannot be read (the old configuration is kept)
   * @throws IllegalStateException if this configuration was not loaded from a file
   */
  public boolean reload() throws IOException {
    Path f = requireFile();
    String text = Files.readString(f);
    return apply(text, syntax(f), f.toString());
  }

  /**
   * Applies a YAML document.
   *
   * @param yaml the document
   * @return true if it was applied; false if it was rejected (its problems logged, the old
   *     configuration kept)
   * @throws NullPointerException if {@code yaml} is null
   */
  public boolean reloadYaml(String yaml) {
    return apply(Objects.requireNonNull(yaml, "yaml"), Documents.Syntax.YAML, "YAML text");
  }

  /**
   * Watches the file: every {@code interval} on {@code scheduler}, reads it and reloads when its
   * text differs from the text last loaded. A read that fails or a document with problems is
   * logged and the old configuration kept; the next change is tried again. Opt-in: nothing watches
   * the file unless this is called.
   *
   * @param scheduler runs the checks (the caller owns it; a
   *     {@link dev.bulwark.core.ManualScheduler} in tests)
   * @param interval the time between two checks, positive
   * @return the watch; cancel it to stop watching
   * @throws IllegalArgumentException if {@code interval} is not positive
   * @throws IllegalStateException if this configuration was not loaded from a file
   */
  public ScheduledFuture<?> watch(ScheduledExecutorService scheduler, Duration interval) {
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive but was " + interval);
    }
    Path f = requireFile();
    long nanos = interval.toNanos();
    return scheduler.scheduleWithFixedDelay(() -> check(f), nanos, nanos, TimeUnit.NANOSECONDS);
  }

  private void check(Path f) {
    String text;
    try {
      text = Files.readString(f);
    } catch (IOException | RuntimeException e) {
      LOG.atWarn()
          .setMessage("reading {} for a reload failed; the configuration in use stays")
          .addArgument(f)
          .addKeyValue("event", "config_reload_rejected")
          .addKeyValue("source", f.toString())
          .setCause(e)
          .log();
      return;
    }
    lock.lock();
    try {
      if (text.equals(loadedText)) {
        return;
      }
      apply(text, syntax(f), f.toString());
    } finally {
      lock.unlock();
    }
  }

  private boolean apply(String text, Documents.Syntax syntax, String source) {
    lock.lock();
    try {
      LoadedConfig previous = current;
      LoadedConfig next;
      try {
        next = loader.load(text, syntax, source, previous);
      } catch (ConfigException e) {
        loadedText = text; // a watcher does not retry the same bad text
        LOG.atWarn()
            .setMessage("the configuration {} was rejected; the configuration in use stays: {}")
            .addArgument(source)
            .addArgument(String.join("; ", e.problems()))
            .addKeyValue("event", "config_reload_rejected")
            .addKeyValue("source", source)
            .addKeyValue("problems", e.problems().size())
            .log();
        return false;
      }
      edge.replace(next.edge());
      current = next;
      loadedText = text;
      long applied = generation.incrementAndGet();
      previous.close();
      LOG.atInfo()
          .setMessage("the configuration {} was reloaded")
          .addArgument(source)
          .addKeyValue("event", "config_reloaded")
          .addKeyValue("source", source)
          .addKeyValue("generation", applied)
          .log();
      return true;
    } finally {
      lock.unlock();
    }
  }

  private Path requireFile() {
    Path f = file;
    if (f == null) {
      throw new IllegalStateException("this configuration was not loaded from a file");
    }
    return f;
  }

  private static Documents.Syntax syntax(Path file) {
    Path name = file.getFileName();
    boolean json = name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".json");
    return json ? Documents.Syntax.JSON : Documents.Syntax.YAML;
  }

  /** Closes the current configuration's backends. */
  @Override
  public void close() {
    lock.lock();
    try {
      current.close();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns a description for logs.
   *
   * @return such as {@code ReloadingConfig[bulwark.yaml, generation=2]}
   */
  @Override
  public String toString() {
    return "ReloadingConfig[" + (file != null ? file : "YAML text") + ", generation=" + generation.get() + "]";
  }
}
