package dev.bulwark.validation;

/**
 * Whether, and how, an {@link InputPolicy} percent-decodes a value (once, as UTF-8) before it checks
 * it. Most frameworks decode query strings already, so the default is {@link #NONE}; choose
 * {@link #PERCENT} or {@link #FORM} for raw query strings or paths.
 */
public enum PercentDecoding {
  /** Keep {@code %XX} escapes as they are (the default). */
  NONE,
  /**
   * Decode {@code %XX} escapes; {@code +} stays a plus sign (RFC 3986, as in a path). An invalid
   * escape or bytes that are not UTF-8 are a violation.
   */
  PERCENT,
  /**
   * Decode {@code %XX} escapes and read {@code +} as a space ({@code application/x-www-form-urlencoded},
   * as in a query string or a form body). An invalid escape or bytes that are not UTF-8 are a
   * violation.
   */
  FORM
}
