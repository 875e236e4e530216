/**
 * Bulwark core: the vocabulary every Bulwark primitive shares.
 *
 * <p>{@link dev.bulwark.core.Ticker} and {@link dev.bulwark.core.Sleeper} make time injectable,
 * {@link dev.bulwark.core.Backoff} computes delays, and {@link dev.bulwark.core.Policy} with
 * {@link dev.bulwark.core.Pipeline} composes primitives around a call.
 */
module dev.bulwark.core {
  requires static transitive org.jspecify;

  exports dev.bulwark.core;
}
