package dev.bulwark.spring.boot;

import dev.bulwark.config.EdgeConfigLoader;

/**
 * Adds what the document cannot express to the auto-configured {@link EdgeConfigLoader}: a ticker,
 * a client-IP resolver, limiter backends written in code. Declare it as a bean; every such bean is
 * applied, in {@code @Order}, before the loader is built. Each builder setting may be made once
 * (the starter itself sets the circuit-breaker registry, and the edge listener when Micrometer is
 * present), so a second setting throws {@link IllegalStateException} at startup.
 */
@FunctionalInterface
public interface BulwarkLoaderCustomizer {

  /**
   * Customizes the loader's builder; called once, on the thread that creates the loader bean.
   *
   * @param builder the builder
   */
  void customize(EdgeConfigLoader.Builder builder);
}
