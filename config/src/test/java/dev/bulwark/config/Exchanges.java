package dev.bulwark.config;

import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.EdgeRejection;
import dev.bulwark.http.EdgeResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Helpers that read exchanges in assertions. */
final class Exchanges {

  private Exchanges() {}

  /** Returns 200 for an admitted exchange (finishing it with 200), else the rejection's status. */
  static int status(EdgeExchange exchange) {
    if (exchange.admitted()) {
      exchange.complete(200);
      return 200;
    }
    return rejection(exchange).status();
  }

  static EdgeRejection rejection(EdgeExchange exchange) {
    EdgeRejection r = exchange.rejection();
    if (r == null) {
      throw new AssertionError("expected a rejection on route " + exchange.routeName());
    }
    return r;
  }

  /** Returns the headers a rejection sends, as {@code "Name: value"} lines in order. */
  static List<String> headers(EdgeRejection rejection) {
    List<String> lines = new ArrayList<>();
    for (ResponseHeader h : rejection.headers()) {
      lines.add(h.name() + ": " + h.value());
    }
    return lines;
  }

  /** Returns the headers an admitted exchange writes, as {@code "Name: value"} lines in order. */
  static List<String> headers(EdgeExchange exchange) {
    List<String> lines = new ArrayList<>();
    exchange.writeHeaders(new EdgeResponse() {
      @Override
      public void setHeader(String name, String value) {
        lines.removeIf(l -> l.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":"));
        lines.add(name + ": " + value);
      }

      @Override
      public void addHeader(String name, String value) {
        lines.add(name + ": " + value);
      }

      @Override
      public boolean containsHeader(String name) {
        return lines.stream().anyMatch(l -> l.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":"));
      }

      @Override
      public void removeHeader(String name) {
        lines.removeIf(l -> l.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":"));
      }
    });
    return lines;
  }

  static String body(EdgeRejection rejection) {
    return new String(rejection.body(), StandardCharsets.UTF_8);
  }
}
