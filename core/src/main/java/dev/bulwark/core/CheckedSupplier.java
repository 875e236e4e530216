package dev.bulwark.core;

/**
 * A supplier that may throw any exception: the shape of the calls that Bulwark policies guard.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface CheckedSupplier<T> {

  /**
   * Computes the result.
   *
   * @return the result
   * @throws Exception whatever the call throws
   */
  T get() throws Exception;
}
