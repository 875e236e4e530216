package dev.bulwark.core;

/**
 * A source of monotonic time in nanoseconds.
 *
 * <p>Every time-dependent Bulwark class reads time through a {@code Ticker}; none calls
 * {@link System#nanoTime()} itself. Tests pass a {@link ManualTicker} and advance it by hand, so they
 * assert exact values and never depend on wall-clock time.
 *
 * <p>Only differences between two readings are meaningful: the origin is arbitrary and values may be
 * negative. Implementations must be thread-safe and must never go backwards.
 */
@FunctionalInterface
public interface Ticker {

  /**
   * Returns the current reading.
   *
   * @return nanoseconds since an arbitrary, fixed origin; never decreasing between calls
   */
  long read();

  /**
   * Returns the ticker backed by {@link System#nanoTime()}.
   *
   * @return the shared system ticker; thread-safe and allocation-free
   */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}
