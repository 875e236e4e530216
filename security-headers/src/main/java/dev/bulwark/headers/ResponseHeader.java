package dev.bulwark.headers;

import dev.bulwark.headers.internal.HeaderSyntax;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One response header: a name and a value, both validated. Immutable and thread-safe.
 *
 * <p>The name is an RFC 9110 token and keeps the spelling it was given (HTTP/2 and HTTP/3 adapters
 * lower-case it themselves). The value is non-empty visible ASCII with inner spaces allowed and no
 * leading or trailing space: CR, LF, TAB, NUL, DEL and non-ASCII characters are rejected, so a
 * header from this package can never split a response.
 */
public final class ResponseHeader {

  private final String name;
  private final String value;

  /** Trusted constructor: callers in this package pass already validated text. */
  ResponseHeader(String name, String value) {
    this.name = name;
    this.value = value;
  }

  /**
   * Returns a validated header.
   *
   * @param name the header name, such as {@code X-Frame-Options}
   * @param value the header value, such as {@code DENY}
   * @return the header
   * @throws NullPointerException if an argument is null (the message names it)
   * @throws IllegalArgumentException if the name is not a token or the value breaks the rules above
   */
  public static ResponseHeader of(String name, String value) {
    HeaderSyntax.requireToken("header name", Objects.requireNonNull(name, "name"));
    HeaderSyntax.requireValue(name, Objects.requireNonNull(value, "value"));
    return new ResponseHeader(name, value);
  }

  /**
   * Returns the header name as configured.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the header value.
   *
   * @return the value
   */
  public String value() {
    return value;
  }

  /**
   * Returns whether this header has the given name, ignoring ASCII case.
   *
   * @param headerName the name to compare
   * @return true if the names match case-insensitively
   */
  public boolean hasName(String headerName) {
    return name.equalsIgnoreCase(headerName);
  }

  /**
   * Compares name (case-insensitively) and value (exactly).
   *
   * @param o the other object
   * @return true if {@code o} is the same header
   */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ResponseHeader other
        && name.equalsIgnoreCase(other.name)
        && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return 31 * name.toLowerCase(Locale.ROOT).hashCode() + value.hashCode();
  }

  /**
   * Returns the header as it appears on the wire.
   *
   * @return {@code "Name: value"}
   */
  @Override
  public String toString() {
    return name + ": " + value;
  }
}
