package dev.bulwark.examples;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The demo's one Jackson mapper and the JSON response helpers. */
final class Json {

  /** JSON's media type. */
  static final String MEDIA_TYPE = "application/json";

  /** Strict about duplicate keys: {@code {"failureRate":0,"failureRate":1}} is a bad request. */
  static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) { // a tree of plain nodes always serialises
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a request body; throws on malformed JSON, duplicate keys or an empty body. */
  static JsonNode parse(byte[] body) throws IOException {
    JsonNode node = MAPPER.readTree(body);
    if (node == null || node.isMissingNode()) {
      throw new IOException("the body is empty");
    }
    return node;
  }

  static DemoResponse response(int status, JsonNode node) {
    return DemoResponse.of(status, MEDIA_TYPE, bytes(node));
  }
}
