/**
 * Bulwark validation: input limits and normalisation, SQL-injection and XSS detection, SSRF-safe URL
 * checks, Content-Type checks and contextual output encoders. No dependency beyond the JDK.
 *
 * <p>{@link dev.bulwark.validation.InputPolicy} checks untrusted values and returns a
 * {@link dev.bulwark.validation.ValidationResult}; {@link dev.bulwark.validation.SqlInjectionDetector}
 * and {@link dev.bulwark.validation.XssDetector} find attacks in linear time;
 * {@link dev.bulwark.validation.UrlPolicy} and {@link dev.bulwark.validation.ContentTypePolicy}
 * guard fetches and bodies; {@link dev.bulwark.validation.Encode} escapes output.
 */
module dev.bulwark.validation {
  requires dev.bulwark.core;
  requires static org.jspecify;

  exports dev.bulwark.validation;
}
