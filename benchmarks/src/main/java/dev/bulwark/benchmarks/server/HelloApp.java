package dev.bulwark.benchmarks.server;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The application both servers run: {@code GET /api/hello?q=...} answers a JSON object of about
 * 100 bytes that echoes {@code q}. Every answered request is counted, so that the status endpoint
 * can turn CPU time and allocation into per-request figures. Thread-safe.
 */
final class HelloApp {

  /** The one path the benchmark requests. */
  static final String PATH = "/api/hello";
  /** The content type of every answer. */
  static final String CONTENT_TYPE = "application/json";

  private final LongAdder answered = new LongAdder();

  /**
   * Renders the answer to one request and counts it.
   *
   * @param q the decoded {@code q} parameter, or null when absent
   * @return the UTF-8 JSON body
   */
  byte[] answer(String q) {
    answered.increment();
    StringBuilder json = new StringBuilder(112).append("{\"greeting\":\"");
    appendEscaped(json, q == null ? "nobody" : q);
    json.append("\",\"service\":\"server-bench\",\"version\":1,\"status\":\"ok\",\"items\":[1,2,3]}");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Returns how many requests were answered since the server started.
   *
   * @return the count
   */
  long answered() {
    return answered.sum();
  }

  private static void appendEscaped(StringBuilder json, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c < 0x20) {
        json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        json.append(c);
      }
    }
  }
}
