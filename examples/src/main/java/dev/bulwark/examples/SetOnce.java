package dev.bulwark.examples;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The set-once rule of the demo's builders: NPE for null, ISE for a setting made twice. */
final class SetOnce {

  private SetOnce() {}

  /**
   * Returns {@code value} to store, after checking it is not null and nothing was stored before.
   *
   * @throws NullPointerException naming the setting, if {@code value} is null
   * @throws IllegalStateException if {@code current} is already set
   */
  static <T> T set(@Nullable T current, T value, String name) {
    Objects.requireNonNull(value, name);
    if (current != null) {
      throw new IllegalStateException(name + " was already set to " + current);
    }
    return value;
  }
}
