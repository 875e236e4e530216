package dev.bulwark.http.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends one request exactly as written, on its own connection, and reads the response until the
 * server closes it: for request targets that {@code java.net.http.HttpClient} would refuse or
 * normalise ({@code %2F}, {@code #}, {@code \}, dot segments).
 */
public final class RawHttp {

  /** A response: status, headers (names in lower case, the last value of each), body as UTF-8. */
  public record Response(int status, Map<String, String> headers, String body) {}

  private RawHttp() {}

  /**
   * Sends {@code GET target HTTP/1.1} with {@code Connection: close} to the loopback address.
   *
   * @param port the server's port
   * @param target the request target, sent byte for byte (ISO-8859-1)
   * @return the response
   * @throws IOException if the connection fails or the response is not HTTP/1.1
   */
  public static Response get(int port, String target) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return parse(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
    }
  }

  private static Response parse(String raw) throws IOException {
    int headEnd = raw.indexOf("\r\n\r\n");
    if (!raw.startsWith("HTTP/1.1 ") || headEnd < 0) {
      throw new IOException("not an HTTP/1.1 response: " + raw);
    }
    List<String> lines = List.of(raw.substring(0, headEnd).split("\r\n", -1));
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    String body = raw.substring(headEnd + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = unchunk(body);
    }
    byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
    return new Response(Integer.parseInt(lines.get(0).substring(9, 12)), headers, new String(bytes, StandardCharsets.UTF_8));
  }

  private static String unchunk(String chunked) {
    StringBuilder body = new StringBuilder();
    int at = 0;
    while (true) {
      int lineEnd = chunked.indexOf("\r\n", at);
      String sizeLine = chunked.substring(at, lineEnd);
      int extension = sizeLine.indexOf(';');
      int size = Integer.parseInt((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
      if (size == 0) {
        return body.toString();
      }
      body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }
}
