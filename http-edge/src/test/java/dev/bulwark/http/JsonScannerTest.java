package dev.bulwark.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonScannerTest {

  private static List<String> fields(String doc) throws JsonScanner.Malformed {
    List<String> fields = new ArrayList<>();
    JsonScanner.scan(doc, (pointer, text) -> fields.add(pointer + "=" + text));
    return fields;
  }

  @Test
  void reportsNamesAndStringsWithTheirPointers() throws JsonScanner.Malformed {
    assertThat(fields("{\"user\":{\"name\":\"Ann\",\"age\":3,\"tags\":[\"a\",1,\"b\",{\"k\":\"v\"}]},\"ok\":true}"))
        .containsExactly("/user=user", "/user/name=name", "/user/name=Ann", "/user/age=age", "/user/tags=tags",
            "/user/tags/0=a", "/user/tags/2=b", "/user/tags/3/k=k", "/user/tags/3/k=v", "/ok=ok");
    assertThat(fields("\"top\"")).containsExactly("=top");
    assertThat(fields("[[\"a\"],[],[\"b\"]]")).containsExactly("/0/0=a", "/2/0=b");
  }

  @Test
  void escapesSlashAndTildeInPointersAsRfc6901() throws JsonScanner.Malformed {
    assertThat(fields("{\"a/b\":{\"c~d\":\"\"},\"\":\"e\"}"))
        .containsExactly("/a~1b=a/b", "/a~1b/c~0d=c~d", "/a~1b/c~0d=", "/=", "/=e");
  }

  @Test
  void decodesEveryEscape() throws JsonScanner.Malformed {
    assertThat(fields("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u003Cs\\u003e\\uD83D\\uDE00\\uD800\"]"))
        .containsExactly("/0=\"\\/\b\f\n\r\t<s>\uD83D\uDE00\uD800");
  }

  @Test
  void emptyAndBlankTextsHaveNoFields() throws JsonScanner.Malformed {
    assertThat(fields("")).isEmpty();
    assertThat(fields(" \t\r\n")).isEmpty();
    assertThat(fields("  [1, -0, 2.5e-3, 1E+2, true, false, null]  ")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{", "[", "]", "}", "{\"a\":}", "{\"a\" 1}", "{\"a\":1,}", "[1,]", "[,1]", "{a:1}", "{'a':1}", "['a']",
      "[\"a\" \"b\"]", "\"open", "\"\\x\"", "\"\\u12\"", "\"\\u12g4\"", "\"a\u0000b\"", "\"a\u001fb\"",
      "[01]", "[-01]", "[-]", "[1.]", "[.1]", "[+1]", "[1e]", "[1e-]", "[0x1]", "[NaN]", "[Infinity]",
      "[tru]", "[truex]", "[null1]", "[nulL]", "/**/[]", "//\n[]", "#\n[]", "\uFEFF[]", "\u000b[]", "[]x",
      "[]]", "{\"a\":1}}", "1 2", "{} {}", "\"a\"\"b\"", "[\u00a0]"})
  void refusesMalformedDocuments(String doc) {
    assertThatThrownBy(() -> fields(doc))
        .isInstanceOf(JsonScanner.Malformed.class)
        .satisfies(e -> assertThat(((JsonScanner.Malformed) e).limit()).isFalse());
  }

  @Test
  void fieldsBeforeAnErrorAreReportedAndTheMessageSaysWhere() {
    List<String> fields = new ArrayList<>();
    assertThatThrownBy(() -> JsonScanner.scan("{\"a\":\"b\",\"c\":tru}",
        (pointer, text) -> fields.add(pointer + "=" + text)))
        .isInstanceOf(JsonScanner.Malformed.class)
        .hasMessage("an unknown literal at offset 17");
    assertThat(fields).containsExactly("/a=a", "/a=b", "/c=c");
  }

  @Test
  void aSequenceOfTopLevelValuesIsRefusedAfterAllWereReported() {
    List<String> fields = new ArrayList<>();
    assertThatThrownBy(() -> JsonScanner.scan("{\"a\":\"1\"} {\"b\":\"2\"}",
        (pointer, text) -> fields.add(pointer + "=" + text)))
        .hasMessageStartingWith("more than one top-level value");
    assertThat(fields).containsExactly("/a=a", "/a=1", "/b=b", "/b=2");
  }

  @Test
  void nestingIsLimitedTo64WithoutRecursion() throws JsonScanner.Malformed {
    assertThat(fields("[".repeat(64) + "\"x\"" + "]".repeat(64))).containsExactly("/0".repeat(64) + "=x");
    for (String deep : List.of("[".repeat(65), "[".repeat(1_000_000), "{\"a\":".repeat(100_000))) {
      assertThatThrownBy(() -> fields(deep))
          .isInstanceOf(JsonScanner.Malformed.class)
          .hasMessage("JSON nested deeper than 64 levels")
          .satisfies(e -> assertThat(((JsonScanner.Malformed) e).limit()).isTrue());
    }
  }

  @Test
  void longNumbersNamesAndStringsHitJacksonsLimits() throws JsonScanner.Malformed {
    assertThat(fields("[" + "9".repeat(1000) + ", 1." + "5".repeat(998) + "]")).isEmpty();
    assertThatThrownBy(() -> fields("[" + "9".repeat(1001) + "]"))
        .hasMessage("a JSON number longer than 1000 digits");
    assertThatThrownBy(() -> fields("[1." + "5".repeat(1000) + "]"))
        .hasMessage("a JSON number longer than 1000 digits");
    assertThat(fields("{\"" + "n".repeat(50_000) + "\":1}")).hasSize(1);
    assertThatThrownBy(() -> fields("{\"" + "n".repeat(50_001) + "\":1}"))
        .hasMessage("a JSON name longer than 50000 characters");
    assertThatThrownBy(() -> fields("{\"" + "\\n".repeat(50_001) + "\":1}"))
        .hasMessage("a JSON name longer than 50000 characters");
  }

  @Test
  void pointersAreCutWhileDeepLongNamesStayLinear() throws JsonScanner.Malformed {
    String name = "n".repeat(40_000);
    StringBuilder doc = new StringBuilder("{\"" + name + "\":{");
    for (int i = 0; i < 50_000; i++) {
      doc.append(i == 0 ? "" : ",").append("\"k\":\"v\"");
    }
    doc.append("}}");
    List<String> fields = fields(doc.toString());
    assertThat(fields).hasSize(100_001);
    assertThat(fields.get(1)).isEqualTo(("/" + name).substring(0, JsonScanner.MAX_POINTER) + "=k");
  }
}
