/**
 * Bulwark core: the vocabulary every Bulwark primitive shares.
 *
 * <p>{@link dev.bulwark.core.Ticker} and {@link dev.bulwark.core.Sleeper} make time injectable,
 * {@link dev.bulwark.core.Backoff} computes delays, and {@link dev.bulwark.core.Policy} with
 * {@link dev.bulwark.core.Pipeline} composes primitives around a call.
 */
@SuppressWarnings("module") // the qualified export names modules not built yet when core compiles
module dev.bulwark.core {
  requires static transitive org.jspecify;

  exports dev.bulwark.core;
  // Not API: helpers shared by the Bulwark modules only (see its package-info).
  exports dev.bulwark.core.internal to
      dev.bulwark.ratelimit,
      dev.bulwark.ratelimit.redis,
      dev.bulwark.circuitbreaker,
      dev.bulwark.retry,
      dev.bulwark.validation,
      dev.bulwark.headers,
      dev.bulwark.http,
      dev.bulwark.config,
      dev.bulwark.servlet,
      dev.bulwark.netty,
      dev.bulwark.micrometer,
      dev.bulwark.http.client;
}
