package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Holds {@link JsonScanner} to the Jackson streaming parser that {@link BodyFields} used before it,
 * configured as it was (default features, nesting limited to 64): over hand-picked and generated
 * documents, valid and broken, the scanner reports the same fields with the same pointers, and
 * refuses what Jackson refused. Where the scanner deliberately differs, it reports more, never
 * less: Jackson's fields are then a prefix of the scanner's.
 */
class JsonScannerDifferentialTest {

  private static final JsonFactory JACKSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
      .build();

  /** The outcome of scanning one document. */
  private record Outcome(List<String> fields, String end) {}

  static final List<String> DOCUMENTS = List.of(
      "", " ", "{}", "[]", "\"s\"", "1", "-0", "0.5", "1e5", "1E+5", "-1.25e-3", "true", "false", "null",
      "{\"a\":\"b\"}", "{\"a\":{\"b\":[\"c\",\"d\",{\"e\":\"f\"}]}}", "[\"x\",[\"y\",[]],{}]",
      "{\"a/b\":\"1\",\"c~d\":\"2\",\"\":\"3\"}", "{\"a\":[1,2,\"three\",true,null,{\"b\":\"c\"}]}",
      "{\"esc\":\"\\u003cscript\\u003e \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00\"}",
      "{\"lone\":\"\\uD800\"}", "{\"raw\":\"\uD800\"}", "{\"u\":\"\u00e9\u2028\u007f\"}",
      " \t\r\n{ \"a\" : \"b\" , \"c\" : [ \"d\" ] } \n",
      // broken
      "{", "[", "{\"a\"", "{\"a\":", "{\"a\":\"b\"", "{\"a\":\"b\",}", "[\"a\",]", "[,]", "{,}", "{\"a\" \"b\"}",
      "{\"a\":\"b\" \"c\":\"d\"}", "{a:\"b\"}", "{'a':'b'}", "['a']", "[\"a\"\"b\"]", "\"unterminated",
      "\"bad \\x escape\"", "\"\\u12\"", "\"\\u12G4\"", "\"ctl \u0001\"", "\"tab \t\"", "[01]", "[-]", "[1.]",
      "[.5]", "[+1]", "[1e]", "[1e+]", "[0x10]", "[NaN]", "[Infinity]", "[-Infinity]", "[tru]", "[truex]",
      "[true1]", "[nul]", "[null_]", "[falsey]", "{}x", "[]]", "{}}", "[1 2]", "/* c */ {}", "// c\n{}",
      "# c\n{}", "\uFEFF{}", "\u000b{}", "\f[]", "[\"a\" \u00a0]",
      // top-level sequences: accepted by Jackson, refused by the scanner after reporting all
      "{\"a\":\"b\"} {\"c\":\"d\"}", "{\"a\":\"b\"}{\"c\":\"d\"}", "\"a\" \"b\"", "\"a\"\"b\"", "1 2", "true false",
      "1\"a\"", "1{\"a\":\"b\"}", "1[\"a\"]", "true{\"a\":\"b\"}", "null\"x\"", "[]{}", "{}[\"a\"]",
      // names reported before the colon or a broken value
      "{\"a\"}", "{\"a\" 1}", "{\"a\":tru}", "{\"a\":01}", "{\"a\":-}", "{\"a\":\"b\\q\"}", "{\"a\":[\"b\",}",
      // limits
      "[".repeat(64) + "]".repeat(64), "[".repeat(65) + "]".repeat(65), "[".repeat(200),
      "{\"a\":".repeat(64) + "\"deep\"" + "}".repeat(64), "{\"a\":".repeat(65) + "1" + "}".repeat(65),
      "{\"k\":\"v\",\"x\":" + "[".repeat(70), "[" + "9".repeat(1000) + "]", "[" + "9".repeat(1001) + "]",
      "[-" + "9".repeat(1001) + "]", "[1." + "9".repeat(998) + "]", "[1." + "9".repeat(999) + "]",
      "[1e" + "9".repeat(999) + "]", "{\"" + "n".repeat(50_000) + "\":1}", "{\"" + "n".repeat(50_001) + "\":1}",
      "{\"" + "n".repeat(50_001) + "\":\"v\"}", "{\"" + "/~".repeat(200) + "\":\"v\"}");

  @Test
  void handPickedDocumentsAgreeWithJackson() {
    for (String doc : DOCUMENTS) {
      assertAgrees(doc);
    }
  }

  private static final List<String> PIECES = List.of(
      "{", "}", "[", "]", ":", ",", " ", "\n", "\t", "\"a\"", "\"b/c\"", "\"~\"", "\"\"", "\"\\u003c\"",
      "\"\\\"\"", "\"\\", "\"", "1", "0", "-", "01", "-2.5e+3", ".", "e", "true", "tru", "false", "null",
      "nul", "x", "\u0001", "\u00e9", "\uD800", "'", "/", "\\u0041", "\\n", "\\q");

  @Test
  void generatedDocumentsAgreeWithJackson() {
    Random random = new Random(16);
    for (int n = 0; n < 30_000; n++) {
      StringBuilder doc = new StringBuilder();
      int pieces = random.nextInt(24);
      for (int i = 0; i < pieces; i++) {
        doc.append(PIECES.get(random.nextInt(PIECES.size())));
      }
      assertAgrees(doc.toString());
    }
  }

  @Test
  void mutatedValidDocumentsAgreeWithJackson() {
    Random random = new Random(2);
    List<String> valid = DOCUMENTS.subList(0, 25);
    String alphabet = "{}[]:,\"\\ab01-.eE+tfnu \t\n\u0001\u00e9/~";
    for (int n = 0; n < 30_000; n++) {
      StringBuilder doc = new StringBuilder(valid.get(random.nextInt(valid.size())));
      int edits = 1 + random.nextInt(3);
      for (int i = 0; i < edits; i++) {
        int at = doc.length() == 0 ? 0 : random.nextInt(doc.length() + 1);
        switch (random.nextInt(3)) {
          case 0 -> doc.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
          case 1 -> {
            if (at < doc.length()) {
              doc.deleteCharAt(at);
            }
          }
          default -> {
            if (at < doc.length()) {
              doc.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
          }
        }
      }
      assertAgrees(doc.toString());
    }
  }

  private static void assertAgrees(String doc) {
    Outcome jackson = jackson(doc);
    Outcome scanner = scanner(doc);
    String label = "document " + abbreviate(doc);
    switch (jackson.end()) {
      case "ok" -> {
        assertThat(scanner.end()).as(label).isEqualTo("ok");
        assertThat(scanner.fields()).as(label).isEqualTo(jackson.fields());
      }
      case "sequence" -> {
        assertThat(scanner.end()).as(label).isEqualTo("malformed");
        assertThat(scanner.fields()).as(label).isEqualTo(jackson.fields());
      }
      default -> {
        assertThat(scanner.end()).as(label).isEqualTo(jackson.end());
        assertThat(scanner.fields().size()).as(label).isGreaterThanOrEqualTo(jackson.fields().size());
        assertThat(scanner.fields().subList(0, jackson.fields().size())).as(label).isEqualTo(jackson.fields());
      }
    }
  }

  private static String abbreviate(String doc) {
    return doc.length() <= 200 ? doc : doc.substring(0, 200) + "... (" + doc.length() + " chars)";
  }

  /** What the former BodyFields reported, with the top-level values counted. */
  private static Outcome jackson(String doc) {
    List<String> fields = new ArrayList<>();
    int roots = 0;
    try (JsonParser parser = JACKSON.createParser(doc)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) {
          String pointer = "body" + parser.getParsingContext().pathAsPointer(false).toString();
          fields.add(Texts.truncate(pointer) + "=" + parser.getText());
        }
        if (parser.getParsingContext().inRoot() && token != JsonToken.FIELD_NAME) {
          roots++;
        }
      }
    } catch (StreamConstraintsException e) {
      return new Outcome(fields, "limit");
    } catch (JsonProcessingException e) {
      return new Outcome(fields, "malformed");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return new Outcome(fields, roots > 1 ? "sequence" : "ok");
  }

  private static Outcome scanner(String doc) {
    List<String> fields = new ArrayList<>();
    try {
      JsonScanner.scan(doc, (pointer, text) -> fields.add(Texts.truncate("body" + pointer) + "=" + text));
    } catch (JsonScanner.Malformed e) {
      return new Outcome(fields, e.limit() ? "limit" : "malformed");
    }
    return new Outcome(fields, "ok");
  }
}
