package dev.bulwark.netty;

import dev.bulwark.http.EdgeRequest;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@link EdgeRequest} view of a Netty {@link HttpRequest}: method, request target split at the
 * first {@code '?'}, and headers exactly as the codec decoded them, plus the connection's peer
 * literal and TLS flag that {@link BulwarkHandler} works out once per channel.
 */
final class NettyEdgeRequest implements EdgeRequest {

  private final HttpRequest request;
  private final String peer;
  private final boolean secure;
  /** The request target as it arrived (a later {@code setUri} does not change this view). */
  private final String uri;
  private final String path;
  /**
   * The query, cut from {@link #uri} when first asked for (a route without a query check never
   * asks); null before that and for a target without one. Racy but safe: a {@code String}.
   */
  private @Nullable String rawQuery;
  private final @Nullable Channel channel;

  NettyEdgeRequest(HttpRequest request, String peer, boolean secure) {
    this(request, peer, secure, null);
  }

  NettyEdgeRequest(HttpRequest request, String peer, boolean secure, @Nullable Channel channel) {
    this(request, peer, secure, channel, null);
  }

  /**
   * A view that takes its path and query strings from {@code last} (what the connection's previous
   * requests left there) when they are the same text, instead of cutting new ones from the target:
   * a keep-alive client asking for the same path again (and again with the same query) costs no
   * new strings. It leaves its path there in turn, and its query when {@link #leaveQuery} is called.
   */
  NettyEdgeRequest(HttpRequest request, String peer, boolean secure, @Nullable Channel channel,
      @Nullable LastTarget last) {
    this.channel = channel;
    this.request = request;
    this.peer = peer;
    this.secure = secure;
    String target = request.uri();
    this.uri = target;
    if (last != null) {
      String whole = last.target;
      String known = last.path;
      if (whole != null && known != null && target.equals(whole)) {
        // The same target again: one (vectorised) comparison instead of two region matches.
        this.path = known;
        this.rawQuery = last.query;
        return;
      }
    }
    int q = target.indexOf('?');
    if (q < 0) {
      this.path = target;
      return;
    }
    String before = last == null ? null : last.path;
    if (before != null && before.length() == q && target.startsWith(before)) {
      this.path = before;
    } else {
      this.path = target.substring(0, q);
      if (last != null) {
        last.path = path;
        last.target = null;
      }
    }
    String query = last == null ? null : last.query;
    if (query != null && query.length() == target.length() - q - 1 && target.startsWith(query, q + 1)) {
      this.rawQuery = query;
    }
  }

  /**
   * The path and query strings of a connection's latest requests, for the next request's view to
   * reuse; one per connection, used on its event loop. Holds strings only, no request.
   */
  static final class LastTarget {
    /** The path of a request whose target had a query, or null. */
    @Nullable String path;
    /** The query of the last request whose query was asked for, or null. */
    @Nullable String query;
    /**
     * A whole target whose path is {@link #path} and whose query is {@link #query} (both set), so
     * that the same target again takes both without cutting or comparing them; null when none is
     * known. Cleared whenever {@link #path} changes, and set with {@link #query}.
     */
    @Nullable String target;
  }

  /** The channel's {@link BulwarkHandler#PRINCIPAL}, set by an authenticating handler in front. */
  @Override
  public @Nullable String principal() {
    Channel c = channel;
    return c == null ? null : c.attr(BulwarkHandler.PRINCIPAL).get();
  }

  /** The channel attribute of that name, as text, when one exists. */
  @Override
  public @Nullable String attribute(String name) {
    Channel c = channel;
    if (c == null || !AttributeKey.exists(name)) {
      return null;
    }
    Object value = c.attr(AttributeKey.valueOf(name)).get();
    return value == null ? null : value.toString();
  }

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public @Nullable String rawQuery() {
    String query = rawQuery;
    if (query == null) {
      int q = uri.indexOf('?');
      if (q < 0) {
        return null;
      }
      query = uri.substring(q + 1);
      rawQuery = query;
    }
    return query;
  }

  /**
   * Leaves the query string this view has cut (when the edge asked for it) in {@code last}, for
   * the connection's next request; on the connection's event loop, after the edge has decided.
   */
  @SuppressWarnings("ReferenceEquality") // whether last.path is this view's own path string
  void leaveQuery(LastTarget last) {
    String query = rawQuery;
    if (query != null) {
      last.query = query;
      // The path kept there is this target's (cut from it, or compared with it) only when it is
      // this view's very string; then this target is known whole.
      last.target = last.path == path ? uri : null;
    }
  }

  @Override
  public @Nullable String header(String name) {
    return request.headers().get(name);
  }

  @Override
  public List<String> headers(String name) {
    return request.headers().getAll(name);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Netty's {@link HttpHeaders#names()} keeps one entry per spelling ({@code Accept} and
   * {@code accept} both), while {@link #headers(String)} already returns the values of every
   * spelling; names are therefore kept once, case-insensitively, in the case first received.
   */
  @Override
  public List<String> headerNames() {
    HttpHeaders headers = request.headers();
    List<String> names = new ArrayList<>(headers.size());
    for (String name : headers.names()) {
      if (!containsIgnoreCase(names, name)) {
        names.add(name);
      }
    }
    return names;
  }

  private static boolean containsIgnoreCase(List<String> names, String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String peerAddress() {
    return peer;
  }

  @Override
  public boolean secure() {
    return secure;
  }

  @Override
  public long contentLength() {
    HttpHeaders headers = request.headers();
    // contains first: the chunked check iterates the values with an iterator it allocates.
    if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING) && HttpUtil.isTransferEncodingChunked(request)) {
      return -1;
    }
    return parseLength(headers.get(HttpHeaderNames.CONTENT_LENGTH));
  }

  /** Parses a Content-Length value: 1 to 18 ASCII digits, else -1 (unknown). */
  static long parseLength(@Nullable String value) {
    if (value == null || value.isEmpty() || value.length() > 18) {
      return -1;
    }
    long n = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  @Override
  public String toString() {
    return "NettyEdgeRequest[" + request.method() + " " + request.uri() + " from " + peer + "]";
  }
}
