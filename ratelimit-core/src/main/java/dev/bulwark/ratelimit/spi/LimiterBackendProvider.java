package dev.bulwark.ratelimit.spi;

import dev.bulwark.core.Ticker;
import java.util.Map;
import java.util.Set;

/**
 * A named limiter backend, found through {@link java.util.ServiceLoader}: a configuration that
 * says {@code backend: redis} gets its limiters from the provider whose {@link #name()} is
 * {@code redis}, with no code registering it. The configuration's options for the backend (such as
 * a connection URL) reach {@link #open(Map, Ticker)} as plain strings.
 *
 * <p>An implementation has a public no-argument constructor (or a public static {@code provider()}
 * method on the module path), is stateless, and is declared in its module descriptor
 * ({@code provides dev.bulwark.ratelimit.spi.LimiterBackendProvider with ...}) and in
 * {@code META-INF/services/dev.bulwark.ratelimit.spi.LimiterBackendProvider} for the class path.
 * Its methods may be called from any thread.
 */
public interface LimiterBackendProvider {

  /**
   * Returns the name configurations select the backend by, such as {@code redis}: not blank, not
   * {@code memory}, the same on every call.
   *
   * @return the name
   */
  String name();

  /**
   * Returns the option names {@link #open(Map, Ticker)} understands; a configuration that writes
   * another is refused before anything is opened.
   *
   * @return the option names, possibly empty
   */
  Set<String> optionNames();

  /**
   * Opens the backend: connects (or prepares to connect) with the given options. The caller closes
   * the returned backend when the limiters it created are no longer used.
   *
   * @param options option name to value, each name one of {@link #optionNames()}; an option left
   *     out takes the default the provider documents
   * @param ticker the clock the backend's limiters use for their own timing (local fallbacks,
   *     breakers guarding the store)
   * @return the opened backend
   * @throws IllegalArgumentException if an option's value is malformed; the message names the
   *     option and the value
   */
  LimiterBackend open(Map<String, String> options, Ticker ticker);
}
