package dev.bulwark.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses a document into a Jackson tree, strictly: a key repeated in one object, a second YAML
 * document or JSON value after the first, and YAML aliases ({@code *name}, which Jackson's tree
 * reader would silently turn into the string {@code "name"}) are errors. A syntax error becomes a
 * single problem naming the line and column.
 */
final class Documents {

  /** The two syntaxes. */
  enum Syntax {
    JSON,
    YAML
  }

  private static final ObjectMapper JSON_MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private static final ObjectMapper YAML_MAPPER = YAMLMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  /** SnakeYAML's location line, as in {@code  in 'reader', line 2, column 3:}. */
  private static final Pattern YAML_MARK = Pattern.compile("in '[^']*', line (\\d+), column (\\d+)");

  /** Jackson's source reference inside a message, as in {@code [Source: ...; line: 1, column: 12]}. */
  private static final Pattern SOURCE = Pattern.compile("\\[Source: [^\\]]*; (line: \\d+, column: \\d+)\\]");

  private Documents() {}

  /**
   * Parses a document.
   *
   * @return the root node, or null when a problem was reported
   */
  static @Nullable JsonNode parse(String text, Syntax syntax, Problems problems) {
    ObjectMapper mapper = syntax == Syntax.JSON ? JSON_MAPPER : YAML_MAPPER;
    try {
      if (syntax == Syntax.YAML && !checkNoAliases(mapper, text, problems)) {
        return null;
      }
      JsonNode root = mapper.readTree(text);
      if (root == null || root.isMissingNode()) {
        problems.add("(document)", "the document is empty; write {} for an edge with every default");
        return null;
      }
      return root;
    } catch (JsonProcessingException e) {
      problems.add(where(e), summary(e));
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("reading a string cannot fail", e);
    }
  }

  private static boolean checkNoAliases(ObjectMapper mapper, String text, Problems problems)
      throws IOException {
    try (JsonParser parser = mapper.getFactory().createParser(text)) {
      YAMLParser yaml = (YAMLParser) parser;
      while (yaml.nextToken() != null) {
        if (yaml.isCurrentAlias()) {
          JsonLocation at = yaml.currentTokenLocation();
          problems.add("line " + at.getLineNr() + ", column " + at.getColumnNr(),
              "YAML aliases (*" + yaml.getText() + ") are not supported; repeat the value, or put"
                  + " shared route settings under routeDefaults");
          return false;
        }
      }
    }
    return true;
  }

  /** Returns the position of a syntax error: SnakeYAML's problem mark, else Jackson's location. */
  private static String where(JsonProcessingException e) {
    Matcher mark = problemMark(e);
    if (mark != null) {
      return "line " + mark.group(1) + ", column " + mark.group(2);
    }
    JsonLocation at = e.getLocation();
    return at == null ? "(document)" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
  }

  /** Returns the one-line problem of a syntax error. */
  private static String summary(JsonProcessingException e) {
    String original = String.valueOf(e.getOriginalMessage());
    if (original.startsWith("Trailing token")) {
      return "a second document or value follows the first; a configuration is one document";
    }
    List<String> lines = SOURCE.matcher(original).replaceAll("$1").lines().toList();
    String problem = lines.isEmpty() ? "malformed document" : lines.get(0);
    for (String line : lines) {
      if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
        problem = line;
      }
    }
    return problem;
  }

  /** Finds the location that follows SnakeYAML's last problem line, if the message has one. */
  private static @Nullable Matcher problemMark(JsonProcessingException e) {
    List<String> lines = String.valueOf(e.getOriginalMessage()).lines().toList();
    Matcher found = null;
    boolean afterProblem = false;
    for (String line : lines) {
      if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
        afterProblem = true;
        found = null;
        continue;
      }
      Matcher m = YAML_MARK.matcher(line);
      if (afterProblem && found == null && m.find()) {
        found = m;
      }
    }
    return found;
  }
}
