package dev.bulwark.examples.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the breaker transitions out of a {@code GET /api/state} body:
 * {@code {"breakers":[{"name":"chat","transitions":[{"at":"...","from":"CLOSED","to":"OPEN",
 * "reason":"CONSECUTIVE_FAILURES"}]}]}}. Other members are ignored.
 */
final class StateTransitions {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StateTransitions() {}

  /**
   * Returns the transitions at or after {@code since}, oldest first.
   *
   * @throws IOException if the body is not JSON of that shape
   */
  static List<BreakerTransition> parse(String body, Instant since) throws IOException {
    JsonNode root = MAPPER.readTree(body);
    JsonNode breakers = root == null ? null : root.get("breakers");
    if (breakers == null || !breakers.isArray()) {
      throw new IOException("no \"breakers\" array in /api/state");
    }
    List<BreakerTransition> out = new ArrayList<>();
    for (JsonNode b : breakers) {
      String name = text(b, "name");
      JsonNode transitions = b.get("transitions");
      if (transitions == null || !transitions.isArray()) {
        continue;
      }
      for (JsonNode t : transitions) {
        Instant at;
        try {
          at = Instant.parse(text(t, "at"));
        } catch (DateTimeParseException e) {
          throw new IOException("bad transition time in /api/state: " + t.get("at"), e);
        }
        if (!at.isBefore(since)) {
          out.add(new BreakerTransition(
              Duration.between(since, at), at, name, text(t, "from"), text(t, "to"), text(t, "reason")));
        }
      }
    }
    out.sort(Comparator.comparing(BreakerTransition::at));
    return out;
  }

  private static String text(JsonNode node, String field) throws IOException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IOException("missing text member \"" + field + "\" in /api/state");
    }
    return value.textValue();
  }
}
