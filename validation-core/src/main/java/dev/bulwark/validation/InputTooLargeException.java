package dev.bulwark.validation;

import java.io.IOException;

/**
 * Thrown by {@link LimitedInputStream} when more bytes arrive than its limit allows. Map it to HTTP
 * 413 (Content Too Large).
 */
public final class InputTooLargeException extends IOException {

  private static final long serialVersionUID = 1L;

  /** The limit that was passed, in bytes. */
  private final long maxBytes;

  /**
   * Creates the exception.
   *
   * @param maxBytes the limit that was passed, in bytes
   */
  public InputTooLargeException(long maxBytes) {
    super("input larger than " + maxBytes + " bytes");
    this.maxBytes = maxBytes;
  }

  /**
   * Returns the limit that was passed.
   *
   * @return the limit in bytes
   */
  public long maxBytes() {
    return maxBytes;
  }
}
