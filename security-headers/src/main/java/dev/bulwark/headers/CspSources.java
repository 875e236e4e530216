package dev.bulwark.headers;

import dev.bulwark.headers.internal.HeaderSyntax;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Validation of CSP source expressions (CSP3 section 2.3.1), one source at a time.
 *
 * <p>The grammar is checked exactly, with three deliberate extra rules: a keyword written without
 * its quotes ({@code self}) is an error rather than a host named "self"; a fixed nonce is an error
 * because a nonce must change on every response; and a keyword in a directive where it has no
 * effect ({@code 'unsafe-inline'} in {@code img-src}) is an error because it signals a
 * misunderstanding. Keywords, hash algorithms and scheme sources are lower-cased; host sources
 * are kept as written (browsers match hosts case-insensitively).
 */
final class CspSources {

  /** The keywords, unquoted, lower-case. */
  static final Set<String> KEYWORDS =
      Set.of(
          "self",
          "none",
          "unsafe-inline",
          "unsafe-eval",
          "wasm-unsafe-eval",
          "strict-dynamic",
          "unsafe-hashes",
          "report-sample");

  private static final Set<String> INLINE_KEYWORDS =
      Set.of("unsafe-inline", "unsafe-hashes", "report-sample");
  private static final Set<String> SCRIPT_KEYWORDS =
      Set.of("unsafe-eval", "wasm-unsafe-eval", "strict-dynamic");

  /** Shortest nonce accepted: 22 base64 characters carry at least 128 bits. */
  static final int MIN_NONCE_LENGTH = 22;

  private static final int MAX_NONCE_LENGTH = 256;

  private CspSources() {}

  /**
   * Validates one source for a directive.
   *
   * @return the source in canonical form
   * @throws IllegalArgumentException if the source is invalid for the directive
   */
  static String normalize(CspDirective directive, String source) {
    if (source.isEmpty()) {
      throw new IllegalArgumentException("a source of " + directive + " must not be empty");
    }
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c <= ' ' || c >= 0x7F) {
        throw invalid(
            directive,
            source,
            "contains whitespace, a control character or non-ASCII; pass each source as its own"
                + " argument");
      }
      if (c == ';' || c == ',') {
        throw invalid(
            directive, source, "contains '" + c + "', which would end the directive or the policy");
      }
    }
    if (source.charAt(0) == '\'') {
      return quoted(directive, source);
    }
    String lower = source.toLowerCase(Locale.ROOT);
    if (KEYWORDS.contains(lower)) {
      throw invalid(
          directive,
          source,
          "must be quoted: write '" + lower + "' (with the single quotes); unquoted, it would name"
              + " a host called " + source);
    }
    if (lower.startsWith("nonce-")) {
      throw invalid(directive, source, "is a nonce; call nonce(" + constant(directive) + ") instead");
    }
    if (lower.startsWith("sha256-") || lower.startsWith("sha384-") || lower.startsWith("sha512-")) {
      throw invalid(directive, source, "must be quoted: write '" + source + "'");
    }
    if (source.equals("*") || CspHostSources.isSchemeSource(source)) {
      return lower;
    }
    String problem = CspHostSources.problem(source);
    if (problem != null) {
      throw invalid(directive, source, "is not a valid host source: " + problem);
    }
    return source;
  }

  private static String quoted(CspDirective directive, String source) {
    int len = source.length();
    if (len < 3 || source.charAt(len - 1) != '\'' || source.indexOf('\'', 1) != len - 1) {
      throw invalid(directive, source, "has unbalanced single quotes");
    }
    String inner = source.substring(1, len - 1).toLowerCase(Locale.ROOT);
    if (inner.equals("self") || inner.equals("none")) {
      return "'" + inner + "'";
    }
    if (INLINE_KEYWORDS.contains(inner) && !directive.acceptsInlineSources()) {
      throw invalid(
          directive, source, "has no effect there; it applies to script-src, style-src and default-src");
    }
    if (SCRIPT_KEYWORDS.contains(inner) && !directive.acceptsScriptKeywords()) {
      throw invalid(
          directive,
          source,
          "has no effect there; it applies to script-src, script-src-elem and default-src");
    }
    if (INLINE_KEYWORDS.contains(inner) || SCRIPT_KEYWORDS.contains(inner)) {
      return "'" + inner + "'";
    }
    if (inner.startsWith("nonce-")) {
      throw invalid(
          directive,
          source,
          "is a fixed nonce, which an attacker who reads one response can reuse; call nonce("
              + constant(directive) + ") for a fresh nonce on every response");
    }
    int dash = inner.indexOf('-');
    String algorithm = dash < 0 ? inner : inner.substring(0, dash);
    int digestBytes = digestBytes(algorithm);
    if (digestBytes > 0) {
      if (!directive.acceptsInlineSources()) {
        throw invalid(
            directive, source, "has no effect there; hashes apply to script-src, style-src and default-src");
      }
      String value = source.substring(dash + 2, len - 1);
      if (!isBase64Value(value) || !hasDigestLength(value, digestBytes)) {
        throw invalid(
            directive,
            source,
            "is not a valid " + algorithm + " hash: expected the base64 of " + digestBytes + " bytes");
      }
      return "'" + algorithm + "-" + value + "'";
    }
    throw invalid(
        directive,
        source,
        "is not a CSP keyword; the keywords are 'self', 'none', 'unsafe-inline', 'unsafe-eval',"
            + " 'wasm-unsafe-eval', 'strict-dynamic', 'unsafe-hashes' and 'report-sample'");
  }

  /** Returns {@code 'sha256-<base64>'} for the UTF-8 bytes of inline content. */
  static String sha256Source(String content) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must support SHA-256", e);
    }
  }

  /**
   * Checks a per-request nonce: the CSP base64-value grammar, 22 to 256 characters.
   *
   * @throws IllegalArgumentException if the nonce is malformed
   */
  static void requireNonce(String nonce) {
    if (nonce.length() < MIN_NONCE_LENGTH
        || nonce.length() > MAX_NONCE_LENGTH
        || !isBase64Value(nonce)) {
      throw new IllegalArgumentException(
          "nonce must be 22 to 256 base64 characters (at least 128 bits) but was "
              + HeaderSyntax.quote(nonce));
    }
  }

  /** CSP {@code base64-value}: {@code 1*( ALPHA / DIGIT / "+" / "/" / "-" / "_" ) *2( "=" )}. */
  static boolean isBase64Value(String s) {
    int end = s.length();
    int padding = 0;
    while (end > 0 && s.charAt(end - 1) == '=' && padding < 2) {
      end--;
      padding++;
    }
    if (end == 0) {
      return false;
    }
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/'
              || c == '-'
              || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasDigestLength(String value, int bytes) {
    int unpadded = (bytes * 4 + 2) / 3;
    int padding = (3 - bytes % 3) % 3;
    return value.length() == unpadded || value.length() == unpadded + padding;
  }

  private static int digestBytes(String algorithm) {
    return switch (algorithm) {
      case "sha256" -> 32;
      case "sha384" -> 48;
      case "sha512" -> 64;
      default -> 0;
    };
  }

  private static IllegalArgumentException invalid(
      CspDirective directive, String source, String problem) {
    return new IllegalArgumentException(
        "source " + HeaderSyntax.quote(source) + " of " + directive + " " + problem);
  }

  private static String constant(CspDirective directive) {
    return directive.name();
  }
}
