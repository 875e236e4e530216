package dev.bulwark.examples;

import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.IpLiteral;
import dev.bulwark.http.QueryString;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request as {@link DemoApp} sees it, whichever server received it: the server behind the
 * edge ({@code DemoServlet} on Jetty, {@code NettyDemoHandler} on Netty) translates its own request
 * into this.
 *
 * <pre>{@code
 * DemoRequest request = DemoRequest.builder("GET", "/api/search", peerAddress)
 *     .query(Map.of("q", List.of("rate limit")))
 *     .cspNonce(nonce)
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe: the builder copies the body and the query parameters.
 */
public final class DemoRequest {

  private final String method;
  private final String path;
  private final Map<String, List<String>> query;
  private final byte[] body;
  private final @Nullable String contentType;
  private final InetAddress peer;
  private final InetAddress client;
  private final @Nullable String cspNonce;

  private DemoRequest(Builder b) {
    this.method = b.method;
    this.path = b.path;
    this.query = b.query;
    this.body = b.body;
    this.contentType = b.contentType;
    this.peer = b.peer;
    this.client = b.client != null ? b.client : b.peer;
    this.cspNonce = b.cspNonce;
  }

  /**
   * Returns the address a server reported or the edge resolved, never asking DNS; text that is not
   * an address literal (a server should never report one) becomes {@code 0.0.0.0}.
   *
   * @param literal an IPv4 or IPv6 literal without brackets or zone
   * @return the address
   */
  public static InetAddress address(String literal) {
    try {
      return IpLiteral.parse(literal);
    } catch (IllegalArgumentException e) {
      return IpLiteral.parse("0.0.0.0");
    }
  }

  /**
   * Translates a request that a server received and the edge admitted, the one step both servers'
   * shells share ({@code DemoServlet} on Jetty, {@code NettyDemoHandler} on Netty): the query is
   * decoded with {@link QueryString#parse(String)}, and the exchange gives the CSP nonce and the
   * client address the edge resolved.
   *
   * @param method the HTTP method as received
   * @param path the decoded path without the query string
   * @param rawQuery the query string as received (still percent-encoded), or null if there is none
   * @param body the body; copied
   * @param contentType the Content-Type header as received, or null
   * @param peer the address of the TCP peer
   * @param exchange the edge's exchange of this request, or null when the server has none
   * @return the request
   * @throws NullPointerException if {@code method}, {@code path}, {@code body} or {@code peer} is null
   * @throws IllegalArgumentException if the method, path, query or nonce is malformed (the server
   *     answers 400)
   */
  static DemoRequest received(String method, String path, @Nullable String rawQuery, byte[] body,
      @Nullable String contentType, InetAddress peer, @Nullable EdgeExchange exchange) {
    Builder b = builder(method, path, peer).query(QueryString.parse(rawQuery)).body(body, contentType);
    if (exchange != null) {
      String nonce = exchange.cspNonce();
      if (nonce != null) {
        b.cspNonce(nonce);
      }
      b.client(address(exchange.clientAddress()));
    }
    return b.build();
  }

  /**
   * Starts a request.
   *
   * @param method the HTTP method as received, e.g. {@code GET} (methods are case-sensitive)
   * @param path the decoded path without the query string; starts with {@code /}
   * @param peer the address of the TCP peer (behind a proxy, the proxy's; see {@link #client()})
   * @return a new builder
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code method} is not an HTTP token or {@code path} does not
   *     start with {@code /}
   */
  public static Builder builder(String method, String path, InetAddress peer) {
    return new Builder(method, path, peer);
  }

  /**
   * Returns the HTTP method.
   *
   * @return the method, as received
   */
  public String method() {
    return method;
  }

  /**
   * Returns the decoded path, without the query string.
   *
   * @return the path; starts with {@code /}
   */
  public String path() {
    return path;
  }

  /**
   * Returns the decoded query parameters in the order received.
   *
   * @return an unmodifiable map of parameter name to its values (at least one each)
   */
  public Map<String, List<String>> query() {
    return query;
  }

  /**
   * Returns the first value of a query parameter.
   *
   * @param name the parameter name
   * @return the first value, or empty if the parameter is absent
   */
  public Optional<String> queryParameter(String name) {
    List<String> values = query.get(name);
    return values == null ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * Returns a copy of the body.
   *
   * @return the body bytes; empty if there is none
   */
  public byte[] body() {
    return body.clone();
  }

  /**
   * Returns the body's length.
   *
   * @return the number of body bytes
   */
  public int bodyLength() {
    return body.length;
  }

  /** The body without a copy, for the handlers of this package, which never modify it. */
  byte[] bodyArray() {
    return body;
  }

  /**
   * Returns the body decoded as UTF-8 (malformed input replaced by U+FFFD).
   *
   * @return the body text
   */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * Returns the Content-Type header.
   *
   * @return the header value as received, or empty if the request has none
   */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  /**
   * Returns the address of the TCP peer.
   *
   * @return the peer address
   */
  public InetAddress peer() {
    return peer;
  }

  /**
   * Returns the client's address as the edge resolved it: behind a trusted proxy, the client it
   * forwarded; otherwise the peer.
   *
   * @return the client address
   */
  public InetAddress client() {
    return client;
  }

  /**
   * Returns the Content-Security-Policy nonce of this request's response, which the edge put in the
   * response's CSP header.
   *
   * @return the nonce (base64 characters only), or empty if the edge supplies none
   */
  public Optional<String> cspNonce() {
    return Optional.ofNullable(cspNonce);
  }

  @Override
  public String toString() {
    return "DemoRequest[" + method + " " + path + " from " + peer.getHostAddress() + "]";
  }

  /** Builds a {@link DemoRequest}. Each setting may be made once. Not thread-safe. */
  public static final class Builder {

    private static final byte[] EMPTY = new byte[0];

    private final String method;
    private final String path;
    private final InetAddress peer;
    private Map<String, List<String>> query = Map.of();
    private boolean querySet;
    private byte[] body = EMPTY;
    private boolean bodySet;
    private @Nullable String contentType;
    private @Nullable String cspNonce;
    private @Nullable InetAddress client;

    private Builder(String method, String path, InetAddress peer) {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(peer, "peer");
      if (method.isEmpty() || !method.chars().allMatch(Builder::isTokenChar)) {
        throw new IllegalArgumentException("method must be an HTTP token but was '" + method + "'");
      }
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("path must start with '/' but was '" + path + "'");
      }
      this.method = method;
      this.path = path;
      this.peer = peer;
    }

    /**
     * Sets the client's address as the edge resolved it ({@code EdgeExchange.clientAddress()});
     * without it, the client is the peer.
     *
     * @param address the client address
     * @return this builder
     * @throws NullPointerException if {@code address} is null
     * @throws IllegalStateException if the client was already set
     */
    public Builder client(InetAddress address) {
      Objects.requireNonNull(address, "address");
      if (client != null) {
        throw new IllegalStateException("client was already set to " + client.getHostAddress());
      }
      this.client = address;
      return this;
    }

    /**
     * Sets the decoded query parameters.
     *
     * @param parameters parameter name to values, in the order received; copied
     * @return this builder
     * @throws NullPointerException if the map, a name, a list or a value is null
     * @throws IllegalArgumentException if a parameter has no value
     * @throws IllegalStateException if the query was already set
     */
    public Builder query(Map<String, List<String>> parameters) {
      Objects.requireNonNull(parameters, "parameters");
      if (querySet) {
        throw new IllegalStateException("query was already set to " + query);
      }
      Map<String, List<String>> copy = new LinkedHashMap<>();
      parameters.forEach(
          (name, values) -> {
            Objects.requireNonNull(name, "parameter name");
            List<String> list = List.copyOf(Objects.requireNonNull(values, name));
            if (list.isEmpty()) {
              throw new IllegalArgumentException("query parameter '" + name + "' has no value");
            }
            copy.put(name, list);
          });
      this.query = Collections.unmodifiableMap(copy);
      this.querySet = true;
      return this;
    }

    /**
     * Sets the body and its content type.
     *
     * @param bytes the body; copied
     * @param type the Content-Type header as received, or null if the request has none
     * @return this builder
     * @throws NullPointerException if {@code bytes} is null
     * @throws IllegalStateException if the body was already set
     */
    public Builder body(byte[] bytes, @Nullable String type) {
      Objects.requireNonNull(bytes, "bytes");
      if (bodySet) {
        throw new IllegalStateException("body was already set (" + body.length + " bytes)");
      }
      this.body = Arrays.copyOf(bytes, bytes.length);
      this.contentType = type;
      this.bodySet = true;
      return this;
    }

    /**
     * Sets the CSP nonce that the edge put in this request's response header.
     *
     * @param nonce 1 to 128 base64 or base64url characters (with optional {@code =} padding), as
     *     produced by {@code ContentSecurityPolicy.newNonce()}; it is written into HTML attributes
     * @return this builder
     * @throws NullPointerException if {@code nonce} is null
     * @throws IllegalArgumentException if {@code nonce} has another character or length
     * @throws IllegalStateException if the nonce was already set
     */
    public Builder cspNonce(String nonce) {
      Objects.requireNonNull(nonce, "nonce");
      if (cspNonce != null) {
        throw new IllegalStateException("cspNonce was already set to " + cspNonce);
      }
      if (nonce.isEmpty() || nonce.length() > 128 || !nonce.chars().allMatch(Builder::isBase64Char)) {
        throw new IllegalArgumentException(
            "nonce must be 1 to 128 base64 characters but was '" + nonce + "'");
      }
      this.cspNonce = nonce;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return a new, immutable request
     */
    public DemoRequest build() {
      return new DemoRequest(this);
    }

    private static boolean isTokenChar(int c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static boolean isBase64Char(int c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '+' || c == '/' || c == '-' || c == '_' || c == '=';
    }
  }
}
