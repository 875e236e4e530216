package dev.bulwark.core;

/**
 * Computes a {@link Fallback}'s substitute result from the failure it replaces.
 *
 * @param <R> the result type
 */
@FunctionalInterface
public interface FallbackFunction<R> {

  /**
   * Returns the substitute result.
   *
   * @param failure the exception of the guarded call (a {@link RejectedException} for a rejection)
   * @return the result the caller gets instead; may be null
   * @throws Exception to fail the call anyway: the caller gets this exception, with {@code failure}
   *     suppressed in it
   */
  R apply(Exception failure) throws Exception;
}
