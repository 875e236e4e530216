package dev.bulwark.http;

import dev.bulwark.core.internal.HttpTokens;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Gives every request through an {@link Edge} an identifier, for correlating a client's report, the
 * access log, the application's log lines and the edge's own log events
 * ({@link EdgeBuilder#requestIds(RequestIds)}).
 *
 * <h2>Where the identifier comes from</h2>
 * A request whose TCP peer is one of the edge's trusted proxies
 * ({@link ClientIpResolver#trustedProxies(String...)}) keeps the identifier the proxy sent in the
 * header (default {@value #DEFAULT_HEADER}), if it is well-formed: 1 to {@value #MAX_LENGTH}
 * characters, each a letter, a digit or one of {@code - _ . : / + = @}. Any other request (from an
 * untrusted peer, without the header, or with a malformed value) gets a generated one, so that a
 * client cannot choose the identifier under which its requests are logged.
 *
 * <h2>Generated identifiers</h2>
 * {@code <8 hex digits>-<12 hex digits>}, such as {@code 3f9a0c1e-00000000002a}, 21 characters,
 * lower case: a prefix drawn from {@link SecureRandom} when this object is created, then a counter
 * that starts at 1 and counts every identifier this object generates. Identifiers are unique within
 * the process (until 2<sup>48</sup> requests), and across processes unless two prefixes collide (a
 * one in 2<sup>32</sup> chance per pair of processes). Generating one is an atomic increment and one
 * 21-character string: no lock, no random draw. They are not secrets and not unguessable: never use
 * one as a token.
 *
 * <h2>Where it goes</h2>
 * {@link EdgeExchange#requestId()}; the same header on the response (admitted requests through
 * {@link EdgeExchange#writeHeaders}, refusals in {@link EdgeRejection#headers()}); the
 * {@link ErrorBody#requestId()} of every refusal the edge renders ({@code requestId} in
 * problem+json, {@code request_id} in the envelope); the {@code request_id} key of the edge's log
 * events; and the adapters put it in the slf4j MDC under {@value #MDC_KEY} while the application's
 * handler runs.
 *
 * <p>Immutable apart from its counter; thread-safe.
 */
public final class RequestIds {

  /** The header read and written by {@link #standard()}: {@value}. */
  public static final String DEFAULT_HEADER = "X-Request-ID";

  /** The slf4j MDC key under which adapters put the identifier while a handler runs: {@value}. */
  public static final String MDC_KEY = "request_id";

  /** The longest identifier accepted from a trusted proxy: {@value} characters. */
  public static final int MAX_LENGTH = 128;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final String header;
  private final char[] prefix;
  private final AtomicLong counter = new AtomicLong();

  RequestIds(String header, int prefix) {
    this.header = header;
    this.prefix = new char[9];
    for (int i = 0; i < 8; i++) {
      this.prefix[i] = HEX[(prefix >>> (28 - 4 * i)) & 0xF];
    }
    this.prefix[8] = '-';
  }

  /**
   * Returns request identifiers in the {@value #DEFAULT_HEADER} header.
   *
   * @return a new generator with a fresh random prefix
   */
  public static RequestIds standard() {
    return header(DEFAULT_HEADER);
  }

  /**
   * Returns request identifiers in another header, such as {@code X-Correlation-ID}.
   *
   * @param name the header name, an HTTP token
   * @return a new generator with a fresh random prefix
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is not an HTTP token
   */
  public static RequestIds header(String name) {
    Objects.requireNonNull(name, "name");
    if (!HttpTokens.isToken(name)) {
      throw new IllegalArgumentException("request id header must be an HTTP token but was \"" + name + "\"");
    }
    return new RequestIds(name, new SecureRandom().nextInt());
  }

  /**
   * Returns the header the identifier is read from and written to.
   *
   * @return such as {@value #DEFAULT_HEADER}
   */
  public String headerName() {
    return header;
  }

  /**
   * Returns the identifier of a request: the header's value when the peer is trusted and the value
   * well-formed, otherwise a new one.
   *
   * @param request the request
   * @param resolver the edge's resolver, which knows the trusted proxies
   * @return the identifier
   */
  String idOf(EdgeRequest request, ClientIpResolver resolver) {
    if (resolver.trustsProxies()) {
      String sent = request.header(header);
      if (sent != null && isWellFormed(sent) && resolver.trustsPeer(request)) {
        return sent;
      }
    }
    return next();
  }

  /** Generates the next identifier. */
  String next() {
    long n = counter.incrementAndGet();
    char[] id = new char[21];
    System.arraycopy(prefix, 0, id, 0, 9);
    for (int i = 20; i >= 9; i--) {
      id[i] = HEX[(int) (n & 0xF)];
      n >>>= 4;
    }
    return new String(id);
  }

  /**
   * Tells whether a value sent by a proxy may be kept as an identifier.
   *
   * @param value the header's value
   * @return true for 1 to {@value #MAX_LENGTH} letters, digits and {@code - _ . : / + = @}
   */
  static boolean isWellFormed(@Nullable String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == ':' || c == '/' || c == '+' || c == '=' || c == '@';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns a description for logs.
   *
   * @return such as {@code RequestIds[X-Request-ID]}
   */
  @Override
  public String toString() {
    return "RequestIds[" + header + "]";
  }
}
