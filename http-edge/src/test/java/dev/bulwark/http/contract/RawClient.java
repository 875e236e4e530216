package dev.bulwark.http.contract;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One raw connection to a server on the loopback address, for requests no well-behaved client
 * sends: half a head, a body that never comes, conflicting framing. Every read waits at most
 * {@link #DEADLINE_MILLIS} for the event it expects, and fails the test when it does not come.
 */
public final class RawClient implements AutoCloseable {

  /** How long a read waits for what it expects: an answer, or the server closing the connection. */
  public static final int DEADLINE_MILLIS = 10_000;

  /** A response: status, headers (names in lower case, the last value of each), body as UTF-8. */
  public record Response(int status, Map<String, String> headers, String body) {}

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  /**
   * Opens a connection to the loopback address.
   *
   * @param port the server's port
   * @throws IOException if the connection fails
   */
  public RawClient(int port) throws IOException {
    this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(DEADLINE_MILLIS);
    socket.setTcpNoDelay(true);
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /**
   * Sends {@code GET target HTTP/1.1} with {@code Connection: close} on a new connection, byte for
   * byte (for targets {@code java.net.http.HttpClient} would refuse or normalise), and reads the
   * response.
   *
   * @param port the server's port
   * @param target the request target
   * @return the response
   * @throws IOException if the connection fails or the response is not HTTP/1.1
   */
  public static Response get(int port, String target) throws IOException {
    try (RawClient client = new RawClient(port)) {
      return client.send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").read();
    }
  }

  /** Sends bytes exactly as written (ISO-8859-1). */
  public RawClient send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return this;
  }

  /**
   * Reads one response: its head, then a body of its {@code Content-Length}, or chunked, or none.
   *
   * @return the response
   * @throws IOException if the connection fails or the response is not HTTP/1.1
   */
  public Response read() throws IOException {
    String status = line();
    if (!status.startsWith("HTTP/1.1 ")) {
      throw new IOException("not an HTTP/1.1 status line: " + status);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    String length = headers.get("content-length");
    byte[] body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"))
        ? chunkedBody()
        : in.readNBytes(length == null ? 0 : Integer.parseInt(length));
    return new Response(Integer.parseInt(status.substring(9, 12)), headers, new String(body, StandardCharsets.UTF_8));
  }

  /**
   * Waits for the server to close the connection, and tells whether it did within the deadline
   * without sending anything more (a reset counts as closed).
   *
   * @throws AssertionError if the server sends bytes instead
   */
  public boolean closedByServer() throws IOException {
    try {
      int b = in.read();
      if (b >= 0) {
        byte[] rest = new byte[in.available()];
        int n = in.read(rest);
        throw new AssertionError("expected the connection to close, but the server sent: "
            + (char) b + new String(rest, 0, Math.max(n, 0), StandardCharsets.ISO_8859_1));
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset: the server closed with our bytes unread
    }
  }

  private byte[] chunkedBody() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String size = line(); ; size = line()) {
      int extension = size.indexOf(';');
      int n = Integer.parseInt((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
      if (n == 0) {
        while (!line().isEmpty()) {
          // trailer fields
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(n));
      line();
    }
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
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
