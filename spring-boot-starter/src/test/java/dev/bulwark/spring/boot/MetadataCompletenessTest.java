package dev.bulwark.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.config.ConfigException;
import dev.bulwark.config.EdgeConfigLoader;
import dev.bulwark.config.LoadedConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * META-INF/spring-configuration-metadata.json is complete against the config module's schema, and
 * no larger: for every object the metadata describes, a document with an unknown key there makes the
 * config module list its known keys, which must be exactly the metadata's keys of that object; and
 * every scalar key of the metadata, given an object, is refused as a value (never read as a section
 * the metadata lacks). The config module is asked, so a key added to it fails this test until the
 * metadata has it.
 */
class MetadataCompletenessTest {

  private static final Pattern KNOWN = Pattern.compile("unknown key; known keys: (.*)$");
  private static final String PROBE = "zzProbe";

  private static JsonNode metadata;
  private static final Map<String, Set<String>> children = new TreeMap<>();
  private static final Set<String> groups = new TreeSet<>();
  private static final Set<String> scalars = new TreeSet<>();

  @BeforeAll
  static void read() throws IOException {
    try (InputStream in = MetadataCompletenessTest.class.getClassLoader().getResourceAsStream(SchemaTypes.METADATA)) {
      metadata = new ObjectMapper().readTree(in);
    }
    for (JsonNode group : metadata.path("groups")) {
      String name = group.path("name").asText();
      groups.add(name);
      addChild(name);
    }
    for (JsonNode property : metadata.path("properties")) {
      String name = property.path("name").asText();
      addChild(name);
      if (!groups.contains(name) && !property.path("type").asText().startsWith("java.util.Map<")) {
        scalars.add(name);
      }
    }
  }

  private static void addChild(String name) {
    int dot = name.lastIndexOf('.');
    int bracket = name.lastIndexOf('[');
    if (bracket > dot) {
      return; // routes[*]: an element, not a key
    }
    if (dot > 0) {
      children.computeIfAbsent(name.substring(0, dot), k -> new TreeSet<>()).add(name.substring(dot + 1));
    }
  }

  @Test
  void everyObjectOfTheMetadataHasExactlyTheKeysTheConfigModuleKnows() {
    List<String> checked = new ArrayList<>();
    for (String group : groups) {
      if (group.equals("bulwark.spring") || group.startsWith("bulwark.spring.")) {
        continue; // the starter's own keys, not the document's
      }
      Set<String> expected = new TreeSet<>(children.getOrDefault(group, Set.of()));
      if (expected.contains("*") || group.endsWith("routes")) {
        continue; // a map of names chosen by the user, or the list of routes: no fixed keys
      }
      if (group.equals("bulwark")) {
        expected.remove("spring");
      }
      List<String> path = SchemaTypes.elements(group + "." + PROBE);
      String problems = problems(document(path));
      Matcher known = null;
      for (String line : problems.lines().toList()) {
        Matcher m = KNOWN.matcher(line.replaceAll(" \\(did you mean \"[^\"]*\"\\?\\)", ""));
        if (line.trim().startsWith(pathOf(path) + ":") && m.find()) {
          known = m;
        }
      }
      if (known == null) {
        fail("the config module did not report " + pathOf(path) + " as unknown:\n" + problems);
      }
      assertThat(new TreeSet<>(List.of(Pattern.compile(", ").split(known.group(1))))).as(group).isEqualTo(expected);
      checked.add(group);
    }
    assertThat(checked).contains("bulwark", "bulwark.routes[*]", "bulwark.outbound.*.retry.backoff",
        "bulwark.backends.*", "bulwark.routes[*].validation.body", "bulwark.defaultRoute",
        "bulwark.routes[*].rateLimit.allOf[*]", "bulwark.outbound.*.http", "bulwark.health");
  }

  @Test
  void noScalarKeyOfTheMetadataIsASectionOfTheSchema() {
    for (String scalar : scalars) {
      if (scalar.startsWith("bulwark.spring.")) {
        continue;
      }
      List<String> path = SchemaTypes.elements(scalar + "." + PROBE);
      String problems = problems(document(path));
      assertThat(problems).as(scalar).doesNotContain(pathOf(path) + ": unknown key");
    }
  }

  /**
   * Builds a document with {@code 1} at the path; names chosen by the user are {@code redis} /
   * {@code n}; a route element has a pattern, and an {@code allOf} list a second, valid part.
   */
  private static ObjectNode document(List<String> path) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode root = json.objectNode();
    JsonNode at = root;
    for (int i = 0; i < path.size(); i++) {
      String element = concrete(path, i);
      boolean last = i == path.size() - 1;
      boolean nextIsList = !last && path.get(i + 1).equals("[*]");
      JsonNode child = last ? json.numberNode(1) : nextIsList ? json.arrayNode() : json.objectNode();
      if (element.equals("[*]") && path.get(i - 1).equals("allOf")) {
        // allOf needs two parts before it reads them: the probed part, and a valid second one
        ObjectNode part = json.objectNode();
        ((ArrayNode) at).add(part).add(json.objectNode().put("limit", "1/second").put("key", "ip"));
        at = part;
        continue;
      }
      if (element.equals("[*]")) {
        ObjectNode route = json.objectNode().put("pattern", "/probe");
        ((ArrayNode) at).add(route);
        at = route;
        continue;
      }
      ((ObjectNode) at).set(element, child);
      at = child;
    }
    return root;
  }

  private static String concrete(List<String> path, int i) {
    if (!path.get(i).equals("*")) {
      return path.get(i);
    }
    return path.get(i - 1).equals("backends") ? "redis" : "n";
  }

  private static String pathOf(List<String> path) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < path.size(); i++) {
      String element = concrete(path, i);
      if (element.equals("[*]")) {
        sb.append("[0]");
      } else {
        sb.append(sb.length() == 0 ? "" : ".").append(element);
      }
    }
    return sb.toString();
  }

  private static String problems(ObjectNode document) {
    try (LoadedConfig loaded = EdgeConfigLoader.defaults().fromJson(document.toString())) {
      return "(loaded: " + loaded + ")";
    } catch (ConfigException e) {
      return e.getMessage();
    }
  }
}
