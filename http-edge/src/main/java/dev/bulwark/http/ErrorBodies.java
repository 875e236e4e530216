package dev.bulwark.http;

import dev.bulwark.validation.Violation;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The two built-in {@link ErrorBodyWriter}s, and the guard that renders a body with any writer
 * without letting a broken one break a refusal.
 */
final class ErrorBodies {

  /** The most violations listed in a body; {@link EdgeRejection#violations()} has them all. */
  static final int MAX_VIOLATIONS = 10;

  static final String PROBLEM_JSON_TYPE = "application/problem+json";
  static final String JSON_TYPE = "application/json";

  static final ErrorBodyWriter PROBLEM_JSON = new Builtin(PROBLEM_JSON_TYPE, "PROBLEM_JSON") {
    @Override
    public byte[] write(ErrorBody body) {
      return problem(body);
    }
  };

  static final ErrorBodyWriter ENVELOPE = new Builtin(JSON_TYPE, "ENVELOPE") {
    @Override
    public byte[] write(ErrorBody body) {
      return envelope(body);
    }
  };

  private ErrorBodies() {}

  /** A body rendered for a response: its content type and bytes (not copied: never shared). */
  static final class Rendered {
    private final String contentType;
    private final byte[] bytes;

    Rendered(String contentType, byte[] bytes) {
      this.contentType = contentType;
      this.bytes = bytes;
    }

    String contentType() {
      return contentType;
    }

    byte[] bytes() {
      return bytes;
    }
  }

  /**
   * Renders {@code body} with {@code writer}; when the writer throws, returns null or returns a
   * content type that cannot be sent, logs a warning and renders the problem body instead.
   */
  static Rendered render(ErrorBodyWriter writer, ErrorBody body) {
    if (writer instanceof Builtin) {
      return new Rendered(writer.contentType(), writer.write(body));
    }
    try {
      String contentType = writer.contentType();
      byte[] bytes = writer.write(body);
      if (bytes != null && isSendable(contentType)) {
        return new Rendered(contentType, bytes.clone()); // the writer may keep and reuse its array
      }
      warn(writer, body, "returned a null body or an unsendable content type", null);
    } catch (RuntimeException e) {
      warn(writer, body, "threw", e);
    }
    return new Rendered(PROBLEM_JSON_TYPE, problem(body));
  }

  /** Whether a content type is a non-blank header value of printable ASCII (no CR or LF). */
  @SuppressWarnings("NullAway") // user code may return null despite the contract
  private static boolean isSendable(@Nullable String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return false;
    }
    for (int i = 0; i < contentType.length(); i++) {
      char c = contentType.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static void warn(ErrorBodyWriter writer, ErrorBody body, String what, @Nullable Throwable e) {
    EdgeEvents.LOG.atWarn()
        .setMessage("error body writer {} {}; sending the problem+json body of {} instead")
        .addArgument(writer.getClass().getName())
        .addArgument(what)
        .addArgument(body)
        .addKeyValue("event", "error_body_writer_failed")
        .setCause(e)
        .log();
  }

  /** Writes an RFC 9457 problem of the edge's members. {@code retryAfter < 0} omits the member. */
  static byte[] problem(
      String type, int status, String detail, String instance, long retryAfter, List<Violation> violations) {
    ErrorBody.Builder b = ErrorBody.builder(status).type(type).detail(detail).instance(instance)
        .violations(violations);
    if (retryAfter >= 0) {
      b.retryAfterSeconds(retryAfter);
    }
    return problem(b.build());
  }

  /** Writes the error envelope. {@code retryAfter < 0} omits {@code retry_after}. */
  static byte[] envelope(int status, String detail, long retryAfter, Instant now) {
    ErrorBody.Builder b = ErrorBody.builder(status).detail(detail).timestamp(now);
    if (retryAfter >= 0) {
      b.retryAfterSeconds(retryAfter);
    }
    return envelope(b.build());
  }

  /** Writes an RFC 9457 problem; see {@link ErrorBodyWriter#problemJson()}. */
  static byte[] problem(ErrorBody body) {
    JsonOut g = new JsonOut(true).beginObject()
        .member("type", body.type())
        .member("title", body.title())
        .member("status", body.status())
        .member("detail", body.detail());
    String instance = body.instance();
    if (instance != null) {
      g.member("instance", Texts.truncate(instance));
    }
    if (body.retryAfterSeconds() >= 0) {
      g.member("retryAfter", body.retryAfterSeconds());
    }
    List<Violation> violations = body.violations();
    if (!violations.isEmpty()) {
      g.name("violations").beginArray();
      for (int i = 0; i < violations.size() && i < MAX_VIOLATIONS; i++) {
        Violation v = violations.get(i);
        g.beginObject()
            .member("code", v.code().name())
            .member("field", Texts.truncate(v.field()))
            .member("message", Texts.truncate(v.message()))
            .endObject();
      }
      g.endArray();
    }
    String requestId = body.requestId();
    if (requestId != null) {
      g.member("requestId", Texts.truncate(requestId));
    }
    extensions(g, body);
    return g.endObject().bytes();
  }

  /** Writes the error envelope; see {@link ErrorBodyWriter#envelope()}. */
  static byte[] envelope(ErrorBody body) {
    Instant time = body.timestamp();
    Instant now = time != null ? time : Clock.systemUTC().instant();
    String timestamp = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    JsonOut g = new JsonOut(true).beginObject().name("error").beginObject()
        .member("code", body.status())
        .member("message", body.title())
        .member("details", body.detail());
    if (body.retryAfterSeconds() >= 0) {
      g.member("retry_after", body.retryAfterSeconds());
    }
    g.member("timestamp", timestamp);
    String requestId = body.requestId();
    if (requestId != null) {
      g.member("request_id", Texts.truncate(requestId));
    }
    extensions(g, body);
    return g.endObject().endObject().bytes();
  }

  private static void extensions(JsonOut g, ErrorBody body) {
    for (Map.Entry<String, Object> e : body.extensions().entrySet()) {
      g.name(e.getKey());
      Object value = e.getValue();
      if (value instanceof String s) {
        g.value(s);
      } else if (value instanceof Boolean b) {
        g.value(b.booleanValue());
      } else {
        g.value(((Long) value).longValue());
      }
    }
  }

  /** A built-in writer: trusted not to fail, named like its {@link ErrorFormat}. */
  private abstract static class Builtin implements ErrorBodyWriter {

    private final String contentType;
    private final String name;

    Builtin(String contentType, String name) {
      this.contentType = contentType;
      this.name = name;
    }

    @Override
    public String contentType() {
      return contentType;
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
