package dev.bulwark.validation;

import dev.bulwark.core.internal.HttpTokens;
import dev.bulwark.core.internal.Preconditions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks a request's {@code Content-Type} against allow-lists of media types and charsets.
 *
 * <p>A request passes when it has exactly one Content-Type value (several header lines, or one line
 * with a comma outside quotes, are rejected: servers and proxies disagree on which one wins), the
 * value follows RFC 9110's grammar ({@code type/subtype *( OWS ";" OWS [ name=value ] )} with
 * token or quoted-string values, no parameter named twice), its media type is allowed (exactly, or
 * through a {@code type/*} entry), and its {@code charset} parameter, if present, is allowed.
 *
 * <pre>{@code
 * ContentTypePolicy json = ContentTypePolicy.builder().allowMediaTypes("application/json").build();
 * ValidationResult r = json.check(request.getHeaders("Content-Type"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ContentTypePolicy {

  private static final String FIELD = "content-type";

  private final Set<String> mediaTypes;
  private final Set<String> charsets;
  private final boolean required;

  private ContentTypePolicy(Builder b) {
    this.mediaTypes = Set.copyOf(Objects.requireNonNull(b.mediaTypes));
    this.charsets = Set.copyOf(b.charsets == null ? List.of("utf-8") : b.charsets);
    this.required = b.required;
  }

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Checks the Content-Type header values of a request.
   *
   * @param headerValues every value of the header, as received (empty if absent)
   * @return the result; when valid, its value is the media type in lower case ({@code type/subtype})
   * @throws NullPointerException if the list or a value is null
   */
  public ValidationResult check(List<String> headerValues) {
    Objects.requireNonNull(headerValues, "headerValues");
    if (headerValues.isEmpty()) {
      return missing();
    }
    if (headerValues.size() > 1) {
      return fail(Violation.Code.CONTENT_TYPE_MULTIPLE, headerValues.size() + " Content-Type values", -1);
    }
    return check(Objects.requireNonNull(headerValues.get(0), "headerValue"));
  }

  /**
   * Checks one Content-Type header value. For an absent header pass an empty list to
   * {@link #check(List)}.
   *
   * @param headerValue the value; a blank value counts as missing
   * @return the result
   * @throws NullPointerException if {@code headerValue} is null
   */
  public ValidationResult check(String headerValue) {
    Objects.requireNonNull(headerValue, "headerValue");
    if (headerValue.isBlank()) {
      return missing();
    }
    MediaTypeParser p = new MediaTypeParser(headerValue);
    if (!p.parse()) {
      return fail(p.error, p.message, p.offset);
    }
    String type = p.type + "/" + p.subtype;
    if (!mediaTypes.contains(type) && !mediaTypes.contains(p.type + "/*")) {
      return fail(Violation.Code.MEDIA_TYPE_NOT_ALLOWED, "media type not allowed: " + clip(type), 0);
    }
    String charset = p.charset;
    if (charset != null && !charsets.contains(charset)) {
      return fail(Violation.Code.CHARSET_NOT_ALLOWED, "charset not allowed: " + clip(charset), -1);
    }
    return ValidationResult.of(List.of(), Map.of(FIELD, List.of(type)));
  }

  private ValidationResult missing() {
    if (!required) {
      return ValidationResult.valid();
    }
    return fail(Violation.Code.CONTENT_TYPE_MISSING, "no Content-Type", -1);
  }

  private static ValidationResult fail(Violation.Code code, String message, int offset) {
    return ValidationResult.of(List.of(new Violation(code, FIELD, message, offset)), Map.of());
  }

  private static String clip(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }

  @Override
  public String toString() {
    return "ContentTypePolicy[mediaTypes=" + mediaTypes + ", charsets=" + charsets + ", required="
        + required + "]";
  }

  /** Builds a {@link ContentTypePolicy}. Each setting may be made once. Not thread-safe. */
  public static final class Builder {
    private @Nullable List<String> mediaTypes;
    private @Nullable List<String> charsets;
    private boolean required = true;
    private boolean requiredSet;

    private Builder() {}

    /**
     * Sets the allowed media types (required): {@code type/subtype}, or {@code type/*} for every
     * subtype. Compared ignoring case.
     *
     * @param allowed one or more media types
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if none is given or one is not {@code type/subtype}
     * @throws IllegalStateException if already set
     */
    public Builder allowMediaTypes(String... allowed) {
      Objects.requireNonNull(allowed, "allowed");
      if (mediaTypes != null) {
        throw new IllegalStateException("mediaTypes were already set to " + mediaTypes);
      }
      if (allowed.length == 0) {
        throw new IllegalArgumentException("allowed must name at least one media type");
      }
      Set<String> out = new LinkedHashSet<>();
      for (String t : allowed) {
        Objects.requireNonNull(t, "mediaType");
        MediaTypeParser p = new MediaTypeParser(t);
        boolean wildcard = t.endsWith("/*") && HttpTokens.isToken(t, 0, t.length() - 2);
        if (!wildcard && (!p.parse() || p.hasParameters)) {
          throw new IllegalArgumentException("not a media type: " + t);
        }
        out.add(t.trim().toLowerCase(Locale.ROOT));
      }
      mediaTypes = new ArrayList<>(out);
      return this;
    }

    /**
     * Sets the allowed values of the {@code charset} parameter (default {@code utf-8}). A
     * Content-Type without a charset passes. Compared ignoring case.
     *
     * @param allowed one or more charset names
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if none is given or one is not a token
     * @throws IllegalStateException if already set
     */
    public Builder allowCharsets(String... allowed) {
      Objects.requireNonNull(allowed, "allowed");
      if (charsets != null) {
        throw new IllegalStateException("charsets were already set to " + charsets);
      }
      if (allowed.length == 0) {
        throw new IllegalArgumentException("allowed must name at least one charset");
      }
      List<String> out = new ArrayList<>();
      for (String c : allowed) {
        Objects.requireNonNull(c, "charset");
        if (c.isEmpty() || !HttpTokens.isToken(c, 0, c.length())) {
          throw new IllegalArgumentException("not a charset name: " + c);
        }
        out.add(c.toLowerCase(Locale.ROOT));
      }
      charsets = out;
      return this;
    }

    /**
     * Sets whether a missing Content-Type is a violation (default true). Turn it off for
     * endpoints where bodies are optional.
     *
     * @param require whether the header is required
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder requireContentType(boolean require) {
      Preconditions.requireUnset("requireContentType", requiredSet, required);
      requiredSet = true;
      required = require;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the immutable policy
     * @throws IllegalStateException if no media type was allowed
     */
    public ContentTypePolicy build() {
      if (mediaTypes == null) {
        throw new IllegalStateException("allowMediaTypes must be set");
      }
      return new ContentTypePolicy(this);
    }
  }
}
