package dev.bulwark.http;

import dev.bulwark.core.internal.Preconditions;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.validation.Violation;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What an error response says, before an {@link ErrorBodyWriter} renders it: the status and its
 * title, a problem type, a human-readable detail, and optionally the request path, a
 * {@code Retry-After}, validation violations, a timestamp and extension members.
 *
 * <p>The edge builds one for each refusal it renders (with the route, the refusing gate, the path
 * as {@code instance} and the edge clock's time); application code builds its own for the errors
 * its handlers answer:
 * <pre>{@code
 * ErrorBody body = ErrorBody.builder(404).detail("no user " + id).build();
 * byte[] bytes = ErrorBodyWriter.problemJson().write(body);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ErrorBody {

  /** The member names of the two built-in formats, which extension members may not take. */
  private static final Set<String> RESERVED = Set.of("type", "title", "status", "detail", "instance",
      "retryAfter", "violations", "code", "message", "details", "retry_after", "timestamp",
      "requestId", "request_id");

  private final int status;
  private final String type;
  private final String title;
  private final String detail;
  private final @Nullable String instance;
  private final long retryAfterSeconds;
  private final List<Violation> violations;
  private final @Nullable Instant timestamp;
  private final @Nullable EdgeGate gate;
  private final @Nullable String route;
  private final @Nullable String requestId;
  private final @Nullable RateLimit limit;
  private final Map<String, Object> extensions;

  private ErrorBody(Builder b) {
    this.status = b.status;
    this.type = b.type != null ? b.type : "about:blank";
    this.title = b.title != null ? b.title : Statuses.title(b.status);
    this.detail = b.detail != null ? b.detail : this.title;
    this.instance = b.instance;
    this.retryAfterSeconds = b.retryAfterSeconds;
    List<Violation> v = b.violations;
    this.violations = v != null ? v : List.of();
    this.timestamp = b.timestamp;
    this.gate = b.gate;
    this.route = b.route;
    this.requestId = b.requestId;
    this.limit = b.limit;
    this.extensions = Collections.unmodifiableMap(new LinkedHashMap<>(b.extensions));
  }

  /**
   * Starts an error body.
   *
   * @param status the response status, 400 to 599
   * @return a builder
   * @throws IllegalArgumentException if {@code status} is not 400 to 599
   */
  public static Builder builder(int status) {
    return new Builder(status);
  }

  /**
   * Returns a body of a status and a detail, with every other member at its default.
   *
   * @param status the response status, 400 to 599
   * @param detail the human-readable explanation of this occurrence
   * @return the body
   * @throws NullPointerException if {@code detail} is null
   * @throws IllegalArgumentException if {@code status} is not 400 to 599
   */
  public static ErrorBody of(int status, String detail) {
    return builder(status).detail(detail).build();
  }

  /**
   * Returns the response status.
   *
   * @return 400 to 599
   */
  public int status() {
    return status;
  }

  /**
   * Returns the problem type URI.
   *
   * @return {@code about:blank} unless set
   */
  public String type() {
    return type;
  }

  /**
   * Returns the short summary of the problem type.
   *
   * @return the status's reason phrase (such as {@code Too Many Requests}) unless set
   */
  public String title() {
    return title;
  }

  /**
   * Returns the explanation of this occurrence. Text from the request in it is already truncated
   * when the edge built the body.
   *
   * @return the detail; the title unless set
   */
  public String detail() {
    return detail;
  }

  /**
   * Returns the URI reference of this occurrence: the request path in the edge's bodies.
   *
   * @return the instance, or null when not set
   */
  public @Nullable String instance() {
    return instance;
  }

  /**
   * Returns the {@code Retry-After} the response carries.
   *
   * @return seconds, or -1 when the response carries none
   */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /**
   * Returns the validation violations, all of them (the built-in writers list the first
   * 10).
   *
   * @return an immutable list; empty unless input was invalid
   */
  public List<Violation> violations() {
    return violations;
  }

  /**
   * Returns when the error happened: the edge clock's time in the edge's bodies.
   *
   * @return the time, or null when not set (the envelope writer then reads the system clock)
   */
  public @Nullable Instant timestamp() {
    return timestamp;
  }

  /**
   * Returns the gate that refused the request.
   *
   * @return the gate, or null for a body not built by the edge's gates
   */
  public @Nullable EdgeGate gate() {
    return gate;
  }

  /**
   * Returns the name of the route that refused the request.
   *
   * @return the route name, or null for a body not built by the edge
   */
  public @Nullable String route() {
    return route;
  }

  /**
   * Returns the identifier of the refused request ({@link RequestIds}), written as {@code requestId}
   * by the problem writer and {@code request_id} by the envelope writer.
   *
   * @return the identifier, or null when there is none (the edge has no {@link RequestIds}, or
   *     the body was not built by the edge and none was set)
   */
  public @Nullable String requestId() {
    return requestId;
  }

  /**
   * Returns the rate limit that refused the request, for writers that name it (such as
   * {@link ErrorBodyTemplates}' {@code {{limit}}}); the built-in writers do not show it.
   *
   * @return the limit, or null for a body that is not a rate-limit refusal
   */
  public @Nullable RateLimit limit() {
    return limit;
  }

  /**
   * Returns the extension members, in the order added: the problem writer appends them to the
   * object, the envelope writer to its {@code error} object.
   *
   * @return an immutable map of names to {@link String}, {@link Long} or {@link Boolean} values
   */
  public Map<String, Object> extensions() {
    return extensions;
  }

  /**
   * Returns a description for logs.
   *
   * @return such as {@code ErrorBody[429 Too Many Requests]}
   */
  @Override
  public String toString() {
    return "ErrorBody[" + status + " " + title + "]";
  }

  /**
   * Builds an {@link ErrorBody}. Every setting may be made once (a second call throws
   * {@link IllegalStateException}); extension members accumulate. Not thread-safe.
   */
  public static final class Builder {

    private final int status;
    private @Nullable String type;
    private @Nullable String title;
    private @Nullable String detail;
    private @Nullable String instance;
    private long retryAfterSeconds = -1;
    private @Nullable List<Violation> violations;
    private @Nullable Instant timestamp;
    private @Nullable EdgeGate gate;
    private @Nullable String route;
    private @Nullable String requestId;
    private @Nullable RateLimit limit;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    private Builder(int status) {
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException("status must be 400 to 599 but was " + status);
      }
      this.status = status;
    }

    /**
     * Sets the problem type URI (default {@code about:blank}).
     *
     * @param type a URI reference, such as {@code https://errors.example.com/out-of-credit}
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder type(String type) {
      this.type = Preconditions.setOnce("type", this.type, type);
      return this;
    }

    /**
     * Sets the short summary of the problem type (default the status's reason phrase, or
     * {@code HTTP <status>} for a status without one).
     *
     * @param title the title
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder title(String title) {
      this.title = Preconditions.setOnce("title", this.title, title);
      return this;
    }

    /**
     * Sets the explanation of this occurrence (default the title). Truncate text taken from the
     * request: the writers escape it but do not shorten it.
     *
     * @param detail the detail
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder detail(String detail) {
      this.detail = Preconditions.setOnce("detail", this.detail, detail);
      return this;
    }

    /**
     * Sets the URI reference of this occurrence, usually the request path (default none).
     *
     * @param instance the instance
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder instance(String instance) {
      this.instance = Preconditions.setOnce("instance", this.instance, instance);
      return this;
    }

    /**
     * Sets the {@code Retry-After} the response carries, repeated in the body (default none).
     *
     * @param seconds at least 0
     * @return this builder
     * @throws IllegalArgumentException if {@code seconds} is negative
     * @throws IllegalStateException if already set
     */
    public Builder retryAfterSeconds(long seconds) {
      if (seconds < 0) {
        throw new IllegalArgumentException("retryAfterSeconds must be >= 0 but was " + seconds);
      }
      if (retryAfterSeconds != -1) {
        throw new IllegalStateException("retryAfterSeconds was already set to " + retryAfterSeconds);
      }
      this.retryAfterSeconds = seconds;
      return this;
    }

    /**
     * Sets the validation violations (default none).
     *
     * @param violations the violations; copied
     * @return this builder
     * @throws NullPointerException if the list or an element is null
     * @throws IllegalStateException if already set
     */
    public Builder violations(List<Violation> violations) {
      this.violations = Preconditions.setOnce("violations", this.violations, List.copyOf(violations));
      return this;
    }

    /**
     * Sets when the error happened (default none).
     *
     * @param timestamp the time
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder timestamp(Instant timestamp) {
      this.timestamp = Preconditions.setOnce("timestamp", this.timestamp, timestamp);
      return this;
    }

    /**
     * Sets the gate that refused the request; the edge sets it for its refusals (default none).
     *
     * @param gate the gate
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder gate(EdgeGate gate) {
      this.gate = Preconditions.setOnce("gate", this.gate, gate);
      return this;
    }

    /**
     * Sets the name of the route that refused the request; the edge sets it (default none).
     *
     * @param route the route name
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder route(String route) {
      this.route = Preconditions.setOnce("route", this.route, route);
      return this;
    }

    /**
     * Sets the identifier of the refused request; the edge sets it when it has {@link RequestIds}
     * (default none). A handler rendering its own error sets {@link EdgeExchange#requestId()}.
     *
     * @param requestId the identifier
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder requestId(String requestId) {
      this.requestId = Preconditions.setOnce("requestId", this.requestId, requestId);
      return this;
    }

    /**
     * Sets the rate limit that refused the request; the edge sets it on its 429s (default none).
     *
     * @param limit the limit
     * @return this builder
     * @throws IllegalStateException if already set
     */
    public Builder limit(RateLimit limit) {
      this.limit = Preconditions.setOnce("limit", this.limit, limit);
      return this;
    }

    /**
     * Adds a string extension member.
     *
     * @param name the member name, not one of the built-in formats' own members ({@code type},
     *     {@code title}, {@code status}, {@code detail}, {@code instance}, {@code retryAfter},
     *     {@code violations}, {@code code}, {@code message}, {@code details},
     *     {@code retry_after}, {@code timestamp}, {@code requestId}, {@code request_id})
     * @param value the value
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code name} is reserved or was already added
     */
    public Builder extension(String name, String value) {
      return add(name, Objects.requireNonNull(value, "value"));
    }

    /**
     * Adds a number extension member.
     *
     * @param name the member name, as for {@link #extension(String, String)}
     * @param value the value
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is reserved or was already added
     */
    public Builder extension(String name, long value) {
      return add(name, value);
    }

    /**
     * Adds a boolean extension member.
     *
     * @param name the member name, as for {@link #extension(String, String)}
     * @param value the value
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is reserved or was already added
     */
    public Builder extension(String name, boolean value) {
      return add(name, value);
    }

    private Builder add(String name, Object value) {
      Objects.requireNonNull(name, "name");
      if (RESERVED.contains(name)) {
        throw new IllegalArgumentException("extension member \"" + name + "\" is a member of the built-in formats");
      }
      if (extensions.putIfAbsent(name, value) != null) {
        throw new IllegalArgumentException("extension member \"" + name + "\" was already added");
      }
      return this;
    }

    /**
     * Builds the body.
     *
     * @return the immutable body
     */
    public ErrorBody build() {
      return new ErrorBody(this);
    }
  }
}
