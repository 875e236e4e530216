package dev.bulwark.http;

import dev.bulwark.core.internal.Preconditions;
import dev.bulwark.validation.ContentTypePolicy;
import dev.bulwark.validation.InputPolicy;
import org.jspecify.annotations.Nullable;

/**
 * The validation gate of a route, one immutable value given to
 * {@link RouteBuilder#validation(RouteValidation)}: which parts of a request are checked, and how.
 * Build one with {@link #builder()}; every part is optional. Thread-safe.
 */
public final class RouteValidation {

  final @Nullable InputPolicy queryPolicy;
  final @Nullable InputPolicy headerPolicy;
  final @Nullable InputPolicy bodyPolicy;
  final @Nullable ContentTypePolicy contentTypePolicy;
  final long maxBodyBytes;

  private RouteValidation(Builder b) {
    this.queryPolicy = b.queryPolicy;
    this.headerPolicy = b.headerPolicy;
    this.bodyPolicy = b.bodyPolicy;
    this.contentTypePolicy = b.contentTypePolicy;
    this.maxBodyBytes = b.maxBodyBytes;
  }

  /**
   * Starts a validation gate that checks nothing.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the parts checked, as a description. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("RouteValidation[");
    if (queryPolicy != null) {
      s.append("query ");
    }
    if (headerPolicy != null) {
      s.append("headers ");
    }
    if (maxBodyBytes != -1) {
      s.append("maxBodyBytes=").append(maxBodyBytes).append(' ');
    }
    if (contentTypePolicy != null) {
      s.append("contentType ");
    }
    if (bodyPolicy != null) {
      s.append("body ");
    }
    return s.toString().strip() + "]";
  }

  /** Builds a {@link RouteValidation}; each setting may be made once. Not thread-safe. */
  public static final class Builder {

    private @Nullable InputPolicy queryPolicy;
    private @Nullable InputPolicy headerPolicy;
    private @Nullable InputPolicy bodyPolicy;
    private @Nullable ContentTypePolicy contentTypePolicy;
    private long maxBodyBytes = -1;

    private Builder() {}

    /**
     * Validates the query string: the number of parameters and each name against the policy's
     * limits, and each value (form-decoded once, {@code +} as space) with
     * {@link InputPolicy#validate(String, String)}. Violations give 400.
     *
     * @param policy the policy, such as {@link InputPolicy#forQueries()}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder queryPolicy(InputPolicy policy) {
      this.queryPolicy = Preconditions.setOnce("queryPolicy", this.queryPolicy, policy);
      return this;
    }

    /**
     * Validates request headers: the number of header values against the policy's field limit,
     * and every value with {@link InputPolicy#validate(String, String)} under its header name.
     * Violations give 400. Detectors are usually off for headers (User-Agent and Cookie values are
     * full of punctuation).
     *
     * @param policy the policy
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder headerPolicy(InputPolicy policy) {
      this.headerPolicy = Preconditions.setOnce("headerPolicy", this.headerPolicy, policy);
      return this;
    }

    /**
     * Refuses (413) requests whose {@code Content-Length} exceeds a size. Bodies of unknown length
     * (chunked) pass this check; bound them while reading, or with {@link #bodyPolicy}.
     *
     * @param maxBytes the largest declared body, at least 0
     * @return this builder
     * @throws IllegalArgumentException if {@code maxBytes < 0}
     * @throws IllegalStateException if already set
     */
    public Builder maxBodyBytes(long maxBytes) {
      if (maxBytes < 0) {
        throw new IllegalArgumentException("maxBodyBytes must be >= 0 but was " + maxBytes);
      }
      Preconditions.requireUnset("maxBodyBytes", this.maxBodyBytes != -1, this.maxBodyBytes);
      this.maxBodyBytes = maxBytes;
      return this;
    }

    /**
     * Checks the {@code Content-Type} of requests that have a body ({@code Content-Length} above
     * 0, or a {@code Transfer-Encoding}); violations give 415. Requests without a body are not
     * checked.
     *
     * @param policy the policy
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder contentTypePolicy(ContentTypePolicy policy) {
      this.contentTypePolicy = Preconditions.setOnce("contentTypePolicy", this.contentTypePolicy, policy);
      return this;
    }

    /**
     * Asks for body content checks: {@link EdgeExchange#wantsBody()} becomes true, and
     * {@link EdgeExchange#checkBody} validates the body with this policy (413 for
     * {@code TOO_LARGE}, 400 for other violations).
     *
     * @param policy the policy, such as {@link InputPolicy#forDocuments()} with detectors on
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder bodyPolicy(InputPolicy policy) {
      this.bodyPolicy = Preconditions.setOnce("bodyPolicy", this.bodyPolicy, policy);
      return this;
    }

    /**
     * Builds the gate.
     *
     * @return the immutable gate
     */
    public RouteValidation build() {
      return new RouteValidation(this);
    }
  }
}
