package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Holds {@link JsonOut} to the Jackson generators it replaced: the HTML-safe one of the error
 * bodies (bytes compared) and the plain one of the health report (text compared), over random
 * strings of every kind of character.
 */
class JsonOutTest {

  /** The escapes the error bodies were written with before, as they were. */
  private static final class HtmlSafeEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
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

  private static final JsonFactory HTML_SAFE = new JsonFactoryBuilder().characterEscapes(new HtmlSafeEscapes()).build();
  private static final JsonFactory PLAIN = new JsonFactory();

  @Test
  void stringsAreWrittenByteForByteAsJacksonWroteThem() throws IOException {
    Random random = new Random(9457);
    char[] specials = {'"', '\\', '/', '<', '>', '&', '\'', '\u007f', '\u0080', '\u00e9', '\u2028', '\u2029',
        '\ud83d', '\ude00', '\ud800', '\udfff', '\ufeff', '\uffff', 0, '\b', '\t', '\n', '\f', '\r', 0x1f};
    for (int n = 0; n < 20_000; n++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(12);
      for (int i = 0; i < length; i++) {
        switch (random.nextInt(4)) {
          case 0 -> s.append(specials[random.nextInt(specials.length)]);
          case 1 -> s.append((char) random.nextInt(0x80));
          case 2 -> s.append((char) random.nextInt(0x10000));
          default -> s.append("\ud83d\ude00");
        }
      }
      String value = s.toString();
      assertThat(new JsonOut(true).beginObject().member(value, value).member("n", n).endObject().bytes())
          .as("%s", value).isEqualTo(jacksonBytes(value, n));
      assertThat(new JsonOut(false).beginObject().member(value, value).member("n", n).endObject().text())
          .as("%s", value).isEqualTo(jacksonText(value, n));
    }
  }

  @Test
  void numbersAndNestingAsJackson() throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = PLAIN.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("a");
      for (double d : new double[] {0.0, -0.0, 1.5, 1e21, 1e-7, Double.NaN, Double.POSITIVE_INFINITY, 0.1 + 0.2}) {
        g.writeNumber(d);
      }
      g.writeBoolean(true);
      g.writeNumber(Long.MIN_VALUE);
      g.writeStartObject();
      g.writeEndObject();
      g.writeStartArray();
      g.writeEndArray();
      g.writeEndArray();
      g.writeEndObject();
    }
    JsonOut json = new JsonOut(false).beginObject().name("a").beginArray();
    for (double d : new double[] {0.0, -0.0, 1.5, 1e21, 1e-7, Double.NaN, Double.POSITIVE_INFINITY, 0.1 + 0.2}) {
      json.value(d);
    }
    json.value(true).value(Long.MIN_VALUE).beginObject().endObject().beginArray().endArray().endArray().endObject();
    assertThat(json.text()).isEqualTo(out.toString());
  }

  @Test
  void healthReportsAreWrittenAsJacksonWroteThem() {
    HealthReport report = HealthReport.of(Map.of(
        "breaker:\"llm\"", new HealthComponent(HealthStatus.DOWN,
            Map.of("state", "open", "remaining_open_ms", 30_000L, "ratio", 0.5, "forced", false, "n", 3)),
        "concurrency:search", new HealthComponent(HealthStatus.UP, Map.of())));
    assertThat(report.toJson()).isEqualTo("{\"status\":\"DOWN\",\"components\":{"
        + "\"breaker:\\\"llm\\\"\":{\"status\":\"DOWN\",\"details\":{\"forced\":false,\"n\":3,\"ratio\":0.5,"
        + "\"remaining_open_ms\":30000,\"state\":\"open\"}},"
        + "\"concurrency:search\":{\"status\":\"UP\",\"details\":{}}}}");
  }

  private static byte[] jacksonBytes(String value, int n) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = HTML_SAFE.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField(value, value);
      g.writeNumberField("n", n);
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  private static String jacksonText(String value, int n) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = PLAIN.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField(value, value);
      g.writeNumberField("n", n);
      g.writeEndObject();
    }
    return out.toString();
  }
}
