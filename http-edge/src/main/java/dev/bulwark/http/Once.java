package dev.bulwark.http;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The set-once rule of every http-edge builder: null is an NPE, a second call an ISE. */
final class Once {

  private Once() {}

  /**
   * Returns {@code value} for a setting that may be made once.
   *
   * @throws NullPointerException if {@code value} is null (the message is {@code setting})
   * @throws IllegalStateException if {@code current} is already set; the message names it
   */
  static <T> T set(String setting, @Nullable Object current, T value) {
    Objects.requireNonNull(value, setting);
    if (current != null) {
      throw new IllegalStateException(setting + " was already set to " + current);
    }
    return value;
  }
}
