package dev.bulwark.validation;

import java.util.Objects;

/**
 * One reason why input was rejected: what rule, which field, a message for logs and problem
 * details, and where in the value.
 *
 * <p>Messages never repeat more than {@value Detection#MAX_MATCH_LENGTH} characters of the input.
 *
 * @param code the rule that was broken
 * @param field the field (parameter, header, "url", "body"...) the value came from
 * @param message a human-readable explanation naming the limit or the finding
 * @param offset where in the value the problem starts: a UTF-16 index into the (decoded and
 *     normalised) value, a byte index for {@link Code#INVALID_UTF8} in byte input, an index into the
 *     raw value for percent-encoding problems; -1 when the problem has no position (too many fields)
 */
public record Violation(Code code, String field, String message, int offset) {

  /** The rules a value can break. */
  public enum Code {
    /** More code points than allowed. */
    TOO_LONG,
    /** More UTF-8 bytes than allowed. */
    TOO_LARGE,
    /** More fields (name/value pairs) than allowed. */
    TOO_MANY_FIELDS,
    /** A field name longer than allowed. */
    FIELD_NAME_TOO_LONG,
    /** NUL or another control character other than tab, CR and LF. */
    CONTROL_CHARACTER,
    /** Bytes that are not well-formed UTF-8. */
    INVALID_UTF8,
    /** A UTF-16 surrogate without its partner. */
    LONE_SURROGATE,
    /** A {@code %} not followed by two hex digits. */
    INVALID_PERCENT_ENCODING,
    /** Percent-encoding that still decodes after one round ({@code %2527}). */
    DOUBLE_ENCODING,
    /**
     * A request path spelled so that servers and frameworks read it differently: an encoded
     * {@code /} or {@code \}, a raw {@code \} or {@code #}, a dot segment spelled with an escape
     * or parameters, or a {@code ..} above the root.
     */
    AMBIGUOUS_PATH,
    /** SQL injection found by {@link SqlInjectionDetector}. */
    SQL_INJECTION,
    /** Cross-site scripting found by {@link XssDetector}. */
    XSS,
    /** A URL that does not parse strictly. */
    URL_MALFORMED,
    /** A URL scheme outside the allow-list. */
    URL_SCHEME_NOT_ALLOWED,
    /** A URL with user information ({@code user:pass@}). */
    URL_USERINFO,
    /** A URL without a host. */
    URL_HOST_MISSING,
    /** A host outside the allow-list. */
    URL_HOST_NOT_ALLOWED,
    /** A host that is or resolves to a loopback, private, link-local or otherwise internal address. */
    URL_INTERNAL_ADDRESS,
    /** A host the resolver could not resolve. */
    URL_UNRESOLVABLE,
    /** No Content-Type where one is required. */
    CONTENT_TYPE_MISSING,
    /** More than one Content-Type value. */
    CONTENT_TYPE_MULTIPLE,
    /** A Content-Type that does not follow RFC 9110's grammar. */
    CONTENT_TYPE_MALFORMED,
    /** A media type outside the allow-list. */
    MEDIA_TYPE_NOT_ALLOWED,
    /** A charset outside the allow-list. */
    CHARSET_NOT_ALLOWED
  }

  /**
   * Creates a violation.
   *
   * @param code the rule that was broken
   * @param field the field the value came from
   * @param message a human-readable explanation
   * @param offset where the problem starts, or -1
   * @throws NullPointerException if {@code code}, {@code field} or {@code message} is null
   * @throws IllegalArgumentException if {@code offset} is below -1
   */
  public Violation {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
    if (offset < -1) {
      throw new IllegalArgumentException("offset must be >= -1 but was " + offset);
    }
  }
}
