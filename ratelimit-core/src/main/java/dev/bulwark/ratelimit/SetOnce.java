package dev.bulwark.ratelimit;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The checks every limiter builder runs on a setting: null is an NPE naming the setting, a second
 * call is an ISE naming the value already set.
 */
final class SetOnce {

  private SetOnce() {}

  /**
   * Returns {@code value} for a setting that may be made once.
   *
   * @throws NullPointerException if {@code value} is null (the message is {@code setting})
   * @throws IllegalStateException if {@code current} is already set
   */
  static <T> T check(String setting, @Nullable Object current, T value) {
    Objects.requireNonNull(value, setting);
    if (current != null) {
      throw new IllegalStateException(setting + " was already set to " + current);
    }
    return value;
  }

  /**
   * Returns {@code name} for a limiter name that may be set once.
   *
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if {@code current} is already set
   */
  static String name(@Nullable String current, String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    return check("name", current, name);
  }
}
