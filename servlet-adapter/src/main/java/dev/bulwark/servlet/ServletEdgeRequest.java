package dev.bulwark.servlet;

import dev.bulwark.http.EdgeRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EdgeRequest} over an {@link HttpServletRequest}.
 *
 * <h2>Which path the edge sees</h2>
 * The path inside the application, as the container mapped it: {@code getServletPath()} followed
 * by {@code getPathInfo()}, without the context path, so that a route {@code /api/search} matches
 * {@code /app/api/search} in the context {@code /app}, as it matches {@code /api/search} on a Netty
 * server (which has no context path). Those are the container's decoded, normalised segments;
 * {@code %}, {@code ;}, {@code ?}, {@code #} and {@code \} in them are escaped again so that the
 * edge, which decodes once, sees exactly the path the servlet mapping saw (spaces, control and
 * non-ASCII characters are escaped too, as UTF-8). The raw
 * {@code getRequestURI()} would not do: with a context path, a request such as
 * {@code /app/x/../app/api/search} or {@code /%61pp/api/search} is mapped by the container to
 * {@code /api/search} while its raw form, minus the context path, is not, and its route's gates
 * would be skipped.
 *
 * <p>The peer is {@code getRemoteAddr()} without brackets or IPv6 zone (on Jetty 12, the same text
 * kept per connection: {@code JettyPeers}). Used by one thread for one request.
 */
final class ServletEdgeRequest implements EdgeRequest {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  /** Bit {@code c} set for each character below 64 that {@link #escapes}: controls, space, # % ; ?. */
  private static final long ESCAPED_BELOW_64 =
      ((1L << 33) - 1) | (1L << '#') | (1L << '%') | (1L << ';') | (1L << '?');

  /** {@link #contentLength} before it was read. */
  private static final long UNREAD = Long.MIN_VALUE;

  private final HttpServletRequest request;
  private final String path;
  /** The request's {@code getContentLengthLong()}, read once: the edge and the filter both ask. */
  private long contentLength = UNREAD;
  /**
   * Whether the request has a {@code Transfer-Encoding}, when {@link JettyRequestFields} read it
   * with {@link #contentLength}; else unread, and {@link #hasTransferEncoding} asks.
   */
  private boolean transferEncoding;
  private boolean transferEncodingRead;

  ServletEdgeRequest(HttpServletRequest request) {
    this.request = request;
    this.path = pathInContext(request);
  }

  /** Returns the mapped path inside the context, re-escaped for one round of decoding. */
  static String pathInContext(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    // A servlet mapped to /* has an empty servlet path: no concatenation then.
    String decoded = pathInfo == null ? servletPath : servletPath.isEmpty() ? pathInfo : servletPath + pathInfo;
    if (decoded.isEmpty()) {
      return "/";
    }
    int first = 0;
    while (first < decoded.length() && !escapes(decoded.charAt(first))) {
      first++;
    }
    if (first == decoded.length()) {
      return decoded;
    }
    StringBuilder escaped = new StringBuilder(decoded.length() + 16).append(decoded, 0, first);
    byte[] rest = decoded.substring(first).getBytes(StandardCharsets.UTF_8);
    for (byte value : rest) {
      int b = value & 0xff;
      if (escapes(b)) {
        escaped.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
      } else {
        escaped.append((char) b);
      }
    }
    return escaped.toString();
  }

  /**
   * Tells whether a decoded character must be escaped for the edge to decode it back to itself:
   * {@code %}, {@code ;}, {@code ?}, {@code #}, {@code \}, spaces, controls and non-ASCII (as
   * UTF-8), which the edge would otherwise read as syntax or refuse as raw.
   */
  static boolean escapes(int c) {
    // Below 64, one bit test in ESCAPED_BELOW_64; a path's letters are all at 64 or above.
    return c < 64 ? ((ESCAPED_BELOW_64 >>> c) & 1L) != 0 : c >= 0x7f || c == '\\';
  }

  /** Returns an address literal without brackets or zone: {@code [fe80::1%eth0]} is {@code fe80::1}. */
  static String literal(@Nullable String address) {
    if (address == null || address.isEmpty()) {
      return "";
    }
    int start = address.charAt(0) == '[' ? 1 : 0;
    int end = address.length();
    int zone = address.indexOf('%');
    if (zone >= 0) {
      end = zone;
    } else if (start == 1 && address.charAt(end - 1) == ']') {
      end--;
    }
    return start == 0 && end == address.length() ? address : address.substring(start, end);
  }

  @Override
  public String method() {
    return request.getMethod();
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public @Nullable String rawQuery() {
    return request.getQueryString();
  }

  @Override
  public @Nullable String header(String name) {
    return request.getHeader(name);
  }

  @Override
  public List<String> headers(String name) {
    Enumeration<String> values = request.getHeaders(name);
    if (values == null || !values.hasMoreElements()) {
      return List.of();
    }
    List<String> list = new ArrayList<>(2);
    while (values.hasMoreElements()) {
      list.add(values.nextElement());
    }
    return list;
  }

  @Override
  public List<String> headerNames() {
    Enumeration<String> names = request.getHeaderNames();
    if (names == null) {
      return List.of();
    }
    List<String> list = new ArrayList<>();
    while (names.hasMoreElements()) {
      String name = names.nextElement();
      if (!containsIgnoringCase(list, name)) {
        list.add(name);
      }
    }
    return list;
  }

  private static boolean containsIgnoringCase(List<String> names, String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String peerAddress() {
    if (JettyEe10.AVAILABLE) {
      String peer = JettyPeers.literal(request); // formatted once per connection
      if (peer != null) {
        return peer;
      }
    }
    return literal(request.getRemoteAddr());
  }

  @Override
  public boolean secure() {
    return request.isSecure();
  }

  @Override
  public @Nullable String contentType() {
    return request.getContentType();
  }

  /**
   * The container's {@code getContentLengthLong()}, read on the first call and kept. On Jetty 12,
   * read from Jetty's fields in the same pass as {@link #hasTransferEncoding} ({@code JettyRequestFields}).
   */
  @Override
  public long contentLength() {
    long length = contentLength;
    if (length == UNREAD) {
      if (!JettyEe10.AVAILABLE || !JettyRequestFields.read(request, this)) {
        contentLength = request.getContentLengthLong();
      }
      length = contentLength;
    }
    return length;
  }

  /**
   * Whether the request has a {@code Transfer-Encoding}: {@code getHeader("Transfer-Encoding")} is
   * not null. On Jetty 12, read with {@link #contentLength} and kept; elsewhere asked on every call.
   */
  boolean hasTransferEncoding() {
    if (!transferEncodingRead) {
      contentLength();
      if (!transferEncodingRead) {
        return request.getHeader("Transfer-Encoding") != null;
      }
    }
    return transferEncoding;
  }

  /** Keeps what {@code JettyRequestFields} read in one pass. */
  void bodyHeaders(long length, boolean hasTransferEncoding) {
    contentLength = length;
    transferEncoding = hasTransferEncoding;
    transferEncodingRead = true;
  }

  /** The container's user principal's name, as authentication in front of the filter set it. */
  @Override
  public @Nullable String principal() {
    Principal user = request.getUserPrincipal();
    return user == null ? null : user.getName();
  }

  /** The request attribute of that name, as text. */
  @Override
  public @Nullable String attribute(String name) {
    Object value = request.getAttribute(name);
    return value == null ? null : value.toString();
  }
}
