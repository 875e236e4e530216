package dev.bulwark.examples;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The demo's stand-in for authentication: {@code Authorization: Bearer <user-id>} names the user
 * (the token is the user id). Real services verify a token; the demo only needs a principal for
 * the seeds' per-user limits ({@code RateLimitKey.principal()}) to read.
 */
final class BearerPrincipal {

  /** The longest user id taken; a longer token is treated as anonymous. */
  static final int MAX_LENGTH = 256;

  private static final String SCHEME = "bearer ";

  private BearerPrincipal() {}

  /**
   * Returns the user an {@code Authorization} header names.
   *
   * @param authorization the header's value, or null
   * @return the token after {@code Bearer } (case-insensitive scheme, trimmed), or null when the
   *     header is absent, of another scheme, empty, longer than {@value #MAX_LENGTH} characters,
   *     or contains a character outside printable ASCII
   */
  static @Nullable String user(@Nullable String authorization) {
    if (authorization == null || authorization.length() <= SCHEME.length()
        || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
      return null;
    }
    String token = authorization.substring(SCHEME.length()).trim();
    if (token.isEmpty() || token.length() > MAX_LENGTH) {
      return null;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c > '~') {
        return null;
      }
    }
    return token;
  }
}
