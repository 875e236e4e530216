package dev.bulwark.core.internal;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The set-once rule of every Bulwark builder, in one place: a null value is a
 * {@link NullPointerException} whose message is the setting's name, and a setting made twice is an
 * {@link IllegalStateException} reading {@code "<setting> was already set to <current value>"}.
 *
 * <p>Not API (see the package documentation). The messages are part of the modules' tested
 * behaviour: change them here and every builder's tests change with them.
 */
public final class Preconditions {

  private Preconditions() {}

  /**
   * Returns {@code value} for a setting that may be made once.
   *
   * @param <T> the setting's type
   * @param setting the setting's name, for the messages
   * @param current what the builder holds now; null while unset
   * @param value the new value
   * @return {@code value}
   * @throws NullPointerException if {@code value} is null (the message is {@code setting})
   * @throws IllegalStateException if {@code current} is not null
   */
  public static <T> T setOnce(String setting, @Nullable Object current, T value) {
    Objects.requireNonNull(value, setting);
    requireUnset(setting, current);
    return value;
  }

  /**
   * Returns {@code name} for a name that may be set once and must not be blank.
   *
   * @param current the name held now; null while unset
   * @param name the new name
   * @return {@code name}
   * @throws NullPointerException if {@code name} is null (the message is {@code "name"})
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws IllegalStateException if {@code current} is not null
   */
  public static String setNameOnce(@Nullable String current, String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    return setOnce("name", current, name);
  }

  /**
   * Checks a count that must be at least 1 (permits, attempts, limits, sizes).
   *
   * @param setting the setting's name, for the message
   * @param value the value
   * @throws IllegalArgumentException if {@code value} is below 1, reading
   *     {@code "<setting> must be >= 1 but was <value>"}
   */
  public static void requireAtLeastOne(String setting, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(setting + " must be >= 1 but was " + value);
    }
  }

  /**
   * Checks that a setting held as a reference is still unset.
   *
   * @param setting the setting's name, for the message
   * @param current what the builder holds now; null while unset
   * @throws IllegalStateException if {@code current} is not null
   */
  public static void requireUnset(String setting, @Nullable Object current) {
    if (current != null) {
      throw alreadySet(setting, current);
    }
  }

  /**
   * Checks that a setting held as a primitive (with a sentinel for "unset") is still unset.
   *
   * @param setting the setting's name, for the message
   * @param set whether the builder already holds a value
   * @param current the value held, shown in the message
   * @throws IllegalStateException if {@code set} is true
   */
  public static void requireUnset(String setting, boolean set, Object current) {
    if (set) {
      throw alreadySet(setting, current);
    }
  }

  /**
   * Returns (does not throw) the exception for a setting made twice.
   *
   * @param setting the setting's name
   * @param current the value already held, shown in the message
   * @return an {@link IllegalStateException} reading {@code "<setting> was already set to <current>"}
   */
  public static IllegalStateException alreadySet(String setting, Object current) {
    return new IllegalStateException(setting + " was already set to " + current);
  }
}
