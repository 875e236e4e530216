package dev.bulwark.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.headers.ResponseHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Helpers to read rejections in assertions. */
final class Responses {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Responses() {}

  /** Returns the rejection's headers as {@code "Name: value"} lines, in order. */
  static List<String> headers(EdgeRejection rejection) {
    List<String> lines = new ArrayList<>();
    for (ResponseHeader h : rejection.headers()) {
      lines.add(h.name() + ": " + h.value());
    }
    return lines;
  }

  /** Returns the value of one header of a rejection; fails unless exactly one is present. */
  static String header(EdgeRejection rejection, String name) {
    List<String> values = new ArrayList<>();
    for (ResponseHeader h : rejection.headers()) {
      if (h.hasName(name)) {
        values.add(h.value());
      }
    }
    if (values.size() != 1) {
      throw new AssertionError(name + " has " + values);
    }
    return values.get(0);
  }

  static JsonNode body(EdgeRejection rejection) {
    return json(new String(rejection.body(), StandardCharsets.UTF_8));
  }

  static String bodyText(EdgeRejection rejection) {
    return new String(rejection.body(), StandardCharsets.UTF_8);
  }

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the rejection of an exchange that must be rejected. */
  static EdgeRejection rejection(EdgeExchange exchange) {
    if (exchange.admitted()) {
      throw new AssertionError("expected a rejection but " + exchange);
    }
    EdgeRejection r = exchange.rejection();
    if (r == null) {
      throw new AssertionError("no rejection in " + exchange);
    }
    return r;
  }
}
