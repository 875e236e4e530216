package dev.bulwark.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * RFC 9457 problem details written by the demo's handlers themselves: {@code type} (always
 * {@code about:blank}, so {@code title} is the status's reason phrase), {@code title},
 * {@code status}, {@code detail}, and extension members where a handler has more to say.
 */
final class Problem {

  /** The problem media type of RFC 9457. */
  static final String MEDIA_TYPE = "application/problem+json";

  private static final Map<Integer, String> TITLES =
      Map.ofEntries(
          Map.entry(400, "Bad Request"),
          Map.entry(401, "Unauthorized"),
          Map.entry(403, "Forbidden"),
          Map.entry(404, "Not Found"),
          Map.entry(405, "Method Not Allowed"),
          Map.entry(413, "Content Too Large"),
          Map.entry(415, "Unsupported Media Type"),
          Map.entry(429, "Too Many Requests"),
          Map.entry(500, "Internal Server Error"),
          Map.entry(502, "Bad Gateway"),
          Map.entry(503, "Service Unavailable"),
          Map.entry(504, "Gateway Timeout"));

  private Problem() {}

  /** The problem object, for handlers that add extension members before {@link #response}. */
  static ObjectNode body(int status, String detail) {
    ObjectNode node = Json.object();
    node.put("type", "about:blank");
    node.put("title", TITLES.getOrDefault(status, "HTTP " + status));
    node.put("status", status);
    node.put("detail", detail);
    return node;
  }

  /** A problem response; the status is the body's. */
  static DemoResponse response(ObjectNode body) {
    return DemoResponse.of(body.get("status").intValue(), MEDIA_TYPE, Json.bytes(body));
  }

  static DemoResponse of(int status, String detail) {
    return response(body(status, detail));
  }
}
