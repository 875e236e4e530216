package dev.bulwark.core;

/** A runnable that may throw any exception: a guarded call without a result. */
@FunctionalInterface
public interface CheckedRunnable {

  /**
   * Runs the action.
   *
   * @throws Exception whatever the action throws
   */
  void run() throws Exception;
}
