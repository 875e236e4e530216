package dev.bulwark.http;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.bulwark.validation.Violation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes rejection bodies in the two {@link ErrorFormat}s with one shared Jackson
 * {@link ObjectMapper}.
 *
 * <p>Every string goes through Jackson's escaping, so quotes, backslashes and control characters
 * in client input cannot break the JSON. On top of that, {@code <}, {@code >}, {@code &},
 * {@code '}, U+2028 and U+2029 are written as {@code \}{@code uXXXX} escapes: the body stays
 * valid, equal JSON, and a client that pastes it into an HTML page or a script cannot be tricked
 * into closing a {@code <script>} element.
 */
final class ErrorBodies {

  /** The shared mapper; thread-safe once configured. */
  static final ObjectMapper MAPPER =
      JsonMapper.builder(new JsonFactoryBuilder().characterEscapes(new HtmlSafeEscapes()).build()).build();

  /** The most violations listed in a body; {@link EdgeRejection#violations()} has them all. */
  static final int MAX_VIOLATIONS = 10;

  private ErrorBodies() {}

  /** Writes an RFC 9457 problem. {@code retryAfter < 0} omits the member; no violations omits them. */
  static byte[] problem(
      String type, int status, String detail, String instance, long retryAfter, List<Violation> violations) {
    return write(
        g -> {
          g.writeStartObject();
          g.writeStringField("type", type);
          g.writeStringField("title", Statuses.reason(status));
          g.writeNumberField("status", status);
          g.writeStringField("detail", detail);
          g.writeStringField("instance", Texts.truncate(instance));
          if (retryAfter >= 0) {
            g.writeNumberField("retryAfter", retryAfter);
          }
          if (!violations.isEmpty()) {
            g.writeArrayFieldStart("violations");
            for (int i = 0; i < violations.size() && i < MAX_VIOLATIONS; i++) {
              Violation v = violations.get(i);
              g.writeStartObject();
              g.writeStringField("code", v.code().name());
              g.writeStringField("field", Texts.truncate(v.field()));
              g.writeStringField("message", Texts.truncate(v.message()));
              g.writeEndObject();
            }
            g.writeEndArray();
          }
          g.writeEndObject();
        });
  }

  /** Writes the error envelope. {@code retryAfter < 0} omits {@code retry_after}. */
  static byte[] envelope(int status, String detail, long retryAfter, Instant now) {
    String timestamp = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    return write(
        g -> {
          g.writeStartObject();
          g.writeObjectFieldStart("error");
          g.writeNumberField("code", status);
          g.writeStringField("message", Statuses.reason(status));
          g.writeStringField("details", detail);
          if (retryAfter >= 0) {
            g.writeNumberField("retry_after", retryAfter);
          }
          g.writeStringField("timestamp", timestamp);
          g.writeEndObject();
          g.writeEndObject();
        });
  }

  private interface BodyWriter {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] write(BodyWriter writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = MAPPER.createGenerator(out)) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e); // a ByteArrayOutputStream never throws
    }
    return out.toByteArray();
  }

  /** Jackson's standard escapes plus the characters that matter inside HTML and scripts. */
  private static final class HtmlSafeEscapes extends CharacterEscapes {

    private static final long serialVersionUID = 1L;

    /** The escape table: standard, with the HTML-significant ASCII characters added. */
    private final int[] table;

    HtmlSafeEscapes() {
      int[] t = CharacterEscapes.standardAsciiEscapesForJSON();
      for (char c : new char[] {'<', '>', '&', '\''}) {
        t[c] = CharacterEscapes.ESCAPE_STANDARD;
      }
      this.table = t;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return table;
    }

    @Override
    public @Nullable SerializableString getEscapeSequence(int ch) {
      if (ch == 0x2028) {
        return new SerializedString("\\u2028");
      }
      if (ch == 0x2029) {
        return new SerializedString("\\u2029");
      }
      return null;
    }
  }
}
