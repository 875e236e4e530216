package dev.bulwark.netty;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A blocking HTTP/1.1 client on one keep-alive connection, for the load test: it writes a request,
 * reads exactly one response (status line, headers, a {@code Content-Length} body) and fails on
 * anything else, so every request is accounted for.
 *
 * <p>Why not {@code java.net.http.HttpClient}: under load its HTTP/1.1 connection pool can hand
 * out a connection whose response is then swallowed by the pool's idle-connection watcher
 * (JDK-8336655, "HTTP/1.1 header parser received no bytes"; fixed in the JDK mainline in 2024,
 * seen here on JDK 17.0.15 in about one load run in four). The server has then answered a request
 * whose answer the client never sees, which makes exact accounting impossible. The behavioural
 * suite, with far fewer requests, still uses HttpClient.
 */
final class KeepAliveClient implements AutoCloseable {

  /** A response: its status, headers (names in lower case, one value each) and body text. */
  record Response(int status, Map<String, String> headers, String body) {}

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  KeepAliveClient(int port) throws IOException {
    this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setTcpNoDelay(true);
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /**
   * Sends a request with the given headers and, unless null, a {@code text/plain} body: with a
   * {@code Content-Length}, or in two chunks when {@code chunked}.
   */
  Response send(String method, String target, Map<String, String> headers, String body, boolean chunked)
      throws IOException {
    StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1\r\n");
    headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      head.append("Content-Type: text/plain\r\n");
      head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + content.length + "\r\n");
    }
    out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    if (body != null && chunked) {
      int half = content.length / 2;
      writeChunk(content, 0, half);
      writeChunk(content, half, content.length - half);
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    } else {
      out.write(content);
    }
    out.flush();
    return read();
  }

  private void writeChunk(byte[] content, int from, int length) throws IOException {
    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(content, from, length);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  private Response read() throws IOException {
    String status = line();
    if (!status.startsWith("HTTP/1.1 ")) {
      throw new IOException("not an HTTP/1.1 status line: " + status);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      if (headers.put(name, line.substring(colon + 1).trim()) != null && !name.equals("vary")) {
        throw new IOException("header sent twice: " + name);
      }
    }
    String length = headers.get("content-length");
    if (length == null) {
      throw new IOException("response without Content-Length: " + status + " " + headers);
    }
    byte[] body = in.readNBytes(Integer.parseInt(length));
    if (body.length != Integer.parseInt(length)) {
      throw new EOFException("connection closed in a response body");
    }
    return new Response(Integer.parseInt(status.substring(9, 12)), headers, new String(body, StandardCharsets.UTF_8));
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new EOFException("connection closed in a response head");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
