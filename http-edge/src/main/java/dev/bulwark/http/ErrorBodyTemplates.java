package dev.bulwark.http;

import dev.bulwark.ratelimit.RateLimit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ErrorBodyWriter} that renders the bodies of chosen gates (and of application errors)
 * from fixed templates, and every other body with another writer: how a service keeps the exact
 * error bodies its clients already parse.
 *
 * <pre>{@code
 * ErrorBodyWriter writer = ErrorBodyTemplates.builder(ErrorBodyWriter.envelope())
 *     .template(EdgeGate.RATE_LIMIT,
 *         "{\"error\": \"Rate limit exceeded: {{limit}}\", \"detail\": \"Too many requests\"}")
 *     .template(EdgeGate.CIRCUIT_BREAKER, "{\"detail\": \"Service temporarily unavailable due to"
 *         + " circuit breaker\", \"status_code\": 503}")
 *     .build();
 * }</pre>
 *
 * <h2>Placeholders</h2>
 * A template is text in which these placeholders are replaced, each by its value escaped for the
 * inside of a JSON string (as {@link ErrorBodyWriter#problemJson()} escapes strings, so client input
 * in {@code {{instance}}} cannot break out of the string):
 * <ul>
 *   <li>{@code {{status}}}, {@code {{title}}}, {@code {{detail}}}, {@code {{instance}}} (empty when
 *       the body has none), {@code {{route}}} (empty when none), {@code {{retryAfter}}} (seconds,
 *       empty when none);
 *   <li>{@code {{limit}}}: the rate limit that refused the request in the words of Python's
 *       {@code limits} library, which slowapi and Flask-Limiter print: {@code 10 per 1 minute},
 *       {@code 5 per 15 minute}, {@code 1000 per 1 hour} (the largest of day, hour, minute and
 *       second that divides the period; empty for a body without a limit).
 * </ul>
 * Any other {@code {{...}}} is refused when the template is given. The bytes are the template's
 * UTF-8 encoding with the placeholders replaced; the content type is the other writer's, so choose
 * templates of that type (JSON templates with {@link ErrorBodyWriter#envelope()},
 * {@code application/json}).
 *
 * <p>Which template: the body's {@link ErrorBody#gate()}; a body without a gate and with status 500
 * (an application error, {@link EdgeExchange#applicationError}) takes the
 * {@link Builder#applicationError(String)} template. Immutable and thread-safe.
 */
public final class ErrorBodyTemplates implements ErrorBodyWriter {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z]*)}}");
  private static final List<String> NAMES =
      List.of("status", "title", "detail", "instance", "route", "retryAfter", "limit");

  private final ErrorBodyWriter otherwise;
  private final Map<EdgeGate, String> byGate;
  private final @Nullable String applicationError;

  private ErrorBodyTemplates(Builder b) {
    this.otherwise = b.otherwise;
    this.byGate = new EnumMap<>(b.byGate);
    this.applicationError = b.applicationError;
  }

  /**
   * Starts a writer whose bodies without a template are written by {@code otherwise}, whose content
   * type is also the templates'.
   *
   * @param otherwise the writer of every other body, such as {@link ErrorBodyWriter#envelope()}
   * @return a builder
   * @throws NullPointerException if {@code otherwise} is null
   */
  public static Builder builder(ErrorBodyWriter otherwise) {
    return new Builder(otherwise);
  }

  /**
   * Returns the other writer's content type.
   *
   * @return the content type of every body
   */
  @Override
  public String contentType() {
    return otherwise.contentType();
  }

  /**
   * Renders a body from its template, or with the other writer.
   *
   * @param body what to say
   * @return the bytes
   */
  @Override
  public byte[] write(ErrorBody body) {
    EdgeGate gate = body.gate();
    String template = gate != null ? byGate.get(gate) : body.status() == 500 ? applicationError : null;
    if (template == null) {
      return otherwise.write(body);
    }
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 32);
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(escaped(value(m.group(1), body))));
    }
    m.appendTail(out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String value(String name, ErrorBody body) {
    switch (name) {
      case "status":
        return Integer.toString(body.status());
      case "title":
        return body.title();
      case "detail":
        return body.detail();
      case "instance":
        return Objects.requireNonNullElse(body.instance(), "");
      case "route":
        return Objects.requireNonNullElse(body.route(), "");
      case "retryAfter":
        return body.retryAfterSeconds() < 0 ? "" : Long.toString(body.retryAfterSeconds());
      default:
        RateLimit limit = body.limit();
        return limit == null ? "" : limitText(limit);
    }
  }

  /**
   * Returns a limit as Python's limits library prints it: {@code 10 per 1 minute}.
   *
   * @param limit the limit
   * @return the text
   */
  static String limitText(RateLimit limit) {
    Duration period = limit.period();
    long seconds = period.getSeconds();
    String unit;
    long count;
    if (period.getNano() != 0 || seconds == 0) {
      return limit.permits() + " per " + period.toMillis() + " millisecond";
    } else if (seconds % 86_400 == 0) {
      unit = "day";
      count = seconds / 86_400;
    } else if (seconds % 3_600 == 0) {
      unit = "hour";
      count = seconds / 3_600;
    } else if (seconds % 60 == 0) {
      unit = "minute";
      count = seconds / 60;
    } else {
      unit = "second";
      count = seconds;
    }
    return limit.permits() + " per " + count + " " + unit;
  }

  private static String escaped(String value) {
    String quoted = new JsonOut(true).value(value).text();
    return quoted.substring(1, quoted.length() - 1);
  }

  /** Returns a description, such as {@code ErrorBodyTemplates[RATE_LIMIT, CIRCUIT_BREAKER]}. */
  @Override
  public String toString() {
    List<String> which = new ArrayList<>();
    for (EdgeGate gate : byGate.keySet()) {
      which.add(gate.name());
    }
    if (applicationError != null) {
      which.add("application error");
    }
    return "ErrorBodyTemplates" + which + " else " + otherwise;
  }

  /** Builds {@link ErrorBodyTemplates}; each template may be set once. Not thread-safe. */
  public static final class Builder {

    private final ErrorBodyWriter otherwise;
    private final Map<EdgeGate, String> byGate = new EnumMap<>(EdgeGate.class);
    private @Nullable String applicationError;

    private Builder(ErrorBodyWriter otherwise) {
      this.otherwise = Objects.requireNonNull(otherwise, "otherwise");
    }

    /**
     * Sets the template of one gate's refusals.
     *
     * @param gate the gate
     * @param template the body text with placeholders
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the template has an unknown placeholder
     * @throws IllegalStateException if this gate's template was already set
     */
    public Builder template(EdgeGate gate, String template) {
      Objects.requireNonNull(gate, "gate");
      check(template);
      if (byGate.putIfAbsent(gate, template) != null) {
        throw new IllegalStateException("the template of " + gate + " was already set");
      }
      return this;
    }

    /**
     * Sets the template of application errors: the 500 an adapter sends when the handler throws.
     *
     * @param template the body text with placeholders
     * @return this builder
     * @throws NullPointerException if {@code template} is null
     * @throws IllegalArgumentException if the template has an unknown placeholder
     * @throws IllegalStateException if already set
     */
    public Builder applicationError(String template) {
      check(template);
      if (applicationError != null) {
        throw new IllegalStateException("the application error template was already set");
      }
      applicationError = template;
      return this;
    }

    private static void check(String template) {
      Objects.requireNonNull(template, "template");
      Matcher m = PLACEHOLDER.matcher(template);
      while (m.find()) {
        if (!NAMES.contains(m.group(1))) {
          throw new IllegalArgumentException("unknown placeholder " + m.group() + " in template \""
              + Texts.truncate(template) + "\"; known: {{" + String.join("}}, {{", NAMES) + "}}");
        }
      }
    }

    /**
     * Builds the writer.
     *
     * @return the immutable writer
     */
    public ErrorBodyTemplates build() {
      return new ErrorBodyTemplates(this);
    }
  }
}
