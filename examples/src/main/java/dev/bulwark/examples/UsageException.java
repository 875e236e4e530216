package dev.bulwark.examples;

/**
 * A command line that {@link DemoOptions#parse} refuses; the message says what is wrong, for the
 * user, and {@link DemoMain} prints it with the usage and exits with status 2.
 */
public final class UsageException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the command line, e.g. {@code "--port needs a value"}
   */
  public UsageException(String message) {
    super(message);
  }
}
