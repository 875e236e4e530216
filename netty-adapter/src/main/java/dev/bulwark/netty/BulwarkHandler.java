package dev.bulwark.netty;

import dev.bulwark.http.Edge;
import dev.bulwark.http.ReloadableEdge;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.ErrorResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Puts an {@link Edge} in front of a Netty 4.1 HTTP server: every request passes the edge's gates
 * (CORS, rate limit, concurrency limit, validation, circuit breaker) before the application's
 * handlers see it, and every response carries the edge's security and rate-limit headers.
 *
 * <pre>{@code
 * BulwarkHandler bulwark = new BulwarkHandler(edge);      // one instance for every channel
 * bootstrap.childHandler(new ChannelInitializer<SocketChannel>() {
 *   protected void initChannel(SocketChannel ch) {
 *     ch.pipeline().addLast(new HttpServerCodec(BulwarkHandler.decoderConfig()), bulwark,
 *         new HttpObjectAggregator(1 << 20), new MyAppHandler());
 *   }
 * });
 * }</pre>
 *
 * <h2>Where it goes</h2>
 * After {@code HttpServerCodec} (and after {@code SslHandler}), before the application's handlers.
 * Build the codec with {@link #decoderConfig()} so that the handler can recognise every request
 * framing it refuses (see below); a plain {@code new HttpServerCodec()} works too, minus two checks.
 * It works with and without {@code HttpObjectAggregator}: placed before the aggregator (as above),
 * a rejected request's body is discarded as it arrives instead of being aggregated first; placed
 * after it, it receives the {@link FullHttpRequest}. Outbound handlers that turn other objects into
 * HTTP messages ({@code ChunkedWriteHandler}, {@code HttpContentCompressor}) belong after it, on
 * the application's side, so that it sees the {@link HttpResponse} and the {@link LastHttpContent}
 * that ends it. One {@code BulwarkHandler} per pipeline. Placed after an aggregator, it sees a
 * request only once its body is complete, so its head timeout then bounds head and body together
 * (see {@link ReadTimeouts}).
 *
 * <h2>What it does</h2>
 * <ul>
 *   <li>On each {@link HttpRequest} it calls {@link Edge#begin}. A rejected request is answered
 *       here with a complete {@link FullHttpResponse} (the rejection's status, every one of its
 *       headers, content type, body and {@code Content-Length}; keep-alive as the request asks,
 *       except that a request still expecting {@code 100 Continue} gets {@code Connection: close},
 *       since its client may never send the body); the request is released and the rest of its
 *       body discarded; the application never sees it.
 *   <li>An admitted request is passed on. When its route checks body content
 *       ({@link EdgeExchange#wantsBody()}), the body is gathered first, never more than
 *       {@link EdgeExchange#maxBodyBytes()} (a larger body is refused with 413 as soon as a chunk
 *       takes it past that, and the rest of it discarded), checked as UTF-8 with
 *       {@link EdgeExchange#checkBody(byte[], int)}, and passed on as one {@link FullHttpRequest}
 *       (with {@code Content-Length} instead of chunked encoding, and {@code 100 Continue}
 *       answered here as the aggregator would), or rejected.
 *   <li>When the application writes the {@link HttpResponse} of an admitted request, the
 *       exchange writes its headers into it ({@link EdgeExchange#writeHeaders}); interim
 *       {@code 1xx} responses other than {@code 101} are left alone. When the
 *       {@link LastHttpContent} (or the {@link FullHttpResponse}) that ends it has been written,
 *       the exchange completes with the response's status (5xx counts as a failure on the route's
 *       breaker) and the body bytes written (the content of each {@code HttpContent}; unknown when
 *       something else, such as a {@code FileRegion}, was written), or fails with the write's error: typically a {@code ClosedChannelException} or
 *       {@code IOException} because the client went away, which a route's breaker counts as a
 *       failure unless its configuration ignores those exceptions.
 *   <li>A {@code 101 Switching Protocols} response (a WebSocket handshake, such as the one
 *       {@code WebSocketServerProtocolHandler} writes) gets the exchange's headers too, and once it
 *       has been written the exchange becomes an {@link dev.bulwark.http.EdgeConnection}
 *       ({@link EdgeExchange#upgrade}): the route's concurrency permit, per client key and in
 *       total, stays taken until the channel closes, on either side and for any reason, and is then
 *       released exactly once. The route's {@link dev.bulwark.http.ConnectionPolicy} is applied to
 *       the WebSocket frames that pass this handler: a connection without data frames for the idle
 *       timeout gets a close frame 1001 and is closed; with a heartbeat, a ping is sent every
 *       interval and the channel closed when no frame arrives within the pong timeout. When a
 *       drain's deadline passes ({@link Edge#drain}), the connection gets a close frame 1001 and
 *       is closed. Nothing is done per message beyond noting a data frame's time.
 *   <li>HTTP/1.1 pipelining: requests are answered in the order they came, so responses map to
 *       requests in order, and a rejection of a later request waits until the responses ahead of
 *       it have been written. A client that pipelines so far ahead that a rejection would wait
 *       behind {@value ChannelState#MAX_PENDING} unanswered requests is disconnected instead.
 *   <li>Before the edge sees a request, its head must be one the codec parsed, over HTTP/1.0 or
 *       1.1, with one reading of where its body ends (RFC 9112 section 6). Otherwise it is answered
 *       with {@link Edge#protocolError} (the default route's security headers and error body) and
 *       {@code Connection: close}, after the responses owed before it, and the connection closed;
 *       the application never sees it, nor anything read after it. A request line over the
 *       codec's limit gets 414, a head over it 431, another parse failure 400; a version other
 *       than 1.0 and 1.1, 505; {@code Content-Length} that is not one decimal value,
 *       {@code Content-Length} with {@code Transfer-Encoding}, {@code Transfer-Encoding} that does
 *       not end with {@code chunked} (such as {@code xchunked}) or applies it twice, or any in
 *       HTTP/1.0, 400; another coding before {@code chunked} ({@code gzip, chunked}), 501. A body
 *       chunk the codec cannot decode ends its request the same way (400, or 431 for too many
 *       trailers); it is never passed on as the end of a body.
 *   <li>A client that sends nothing is not waited for forever: an idle connection is closed, a head
 *       that does not arrive in time is answered with 408, and a body that stops arriving ends its
 *       request with 408 (when its response can still be given) and closes the connection, which
 *       releases the request's permits. See {@link ReadTimeouts} for the timeouts, their defaults
 *       and what they leave alone (a response the application takes long to write is never cut).
 *       The timers run on the channel's event loop and stop when it closes.
 *   <li>Nothing leaks: when the channel closes (or this handler is removed), and when an exception
 *       reaches this handler, every exchange still waiting for its response is cancelled, which
 *       releases its permits without recording an outcome: such exceptions come from the
 *       transport, TLS or the codec, before this handler, and say nothing about the application's
 *       health, so that a client resetting its connections cannot open a breaker. The handler
 *       never blocks: everything runs on the channel's event loop, and an asynchronous response
 *       simply completes the exchange later.
 * </ul>
 *
 * <h2>Application handlers</h2>
 * The CSP nonce and the route name are on the exchange, which {@link #exchange(Channel, HttpRequest)}
 * finds:
 *
 * <pre>{@code
 * protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
 *   EdgeExchange exchange = BulwarkHandler.exchange(ctx.channel(), request);
 *   String nonce = exchange == null ? null : exchange.cspNonce();   // for <script nonce="...">
 *   ...
 * }
 * }</pre>
 * When the edge has {@link dev.bulwark.http.RequestIds}, the request's identifier
 * ({@code exchange.requestId()}) is in the slf4j MDC under
 * {@value dev.bulwark.http.RequestIds#MDC_KEY} while the admitted request is passed to the next
 * handler (its {@code channelRead}); work the handler schedules for later must carry it itself.
 *
 * <p>An exception thrown by a handler after this one goes to that handler's
 * {@code exceptionCaught}, never back here. Put {@link #applicationErrors()} last in the pipeline
 * (or call {@link #answerApplicationError} from your own {@code exceptionCaught}) to answer it the
 * edge's way: a 500 rendered by the route's error body writer, the exception logged once and never
 * shown to the client, counted by the route's breaker as a failure. Every response must have its
 * own headers object: do not write one shared response instance on several channels.
 *
 * <p>The client address is the channel's remote IP address (the edge's
 * {@link dev.bulwark.http.ClientIpResolver} looks behind trusted proxies); channels without one,
 * such as Unix domain sockets, report {@value ChannelState#NON_IP_PEER}. A request is secure when an
 * {@link SslHandler} is in its channel's pipeline or a parent channel's (HTTP/2 streams).
 *
 * <p>The gates run on the channel's event loop, so they must not block. Bulwark's in-memory
 * limiters and breakers never do; a limiter backed by a remote store makes a network round trip
 * per request on the event loop.
 *
 * <p>{@code @Sharable} and stateless: per-channel state lives in a channel attribute, so one
 * instance serves every channel of a server. Immutable and thread-safe.
 */
@ChannelHandler.Sharable
public final class BulwarkHandler extends ChannelDuplexHandler {

  /** The channel attribute behind {@link #principal(Channel, String)}. */
  static final AttributeKey<String> PRINCIPAL = AttributeKey.valueOf(BulwarkHandler.class, "principal");

  private static final AttributeKey<ChannelState> STATE =
      AttributeKey.valueOf(BulwarkHandler.class, "state");

  /** The edge, read once per request ({@link ReloadableEdge#current()}: one volatile read). */
  final ReloadableEdge edge;
  final ReadTimeouts timeouts;

  /**
   * Creates the handler for an edge, with the default {@link ReadTimeouts}: idle 30 s, head 10 s,
   * body 20 s.
   *
   * @param edge the edge whose gates every request passes
   * @throws NullPointerException if {@code edge} is null
   */
  public BulwarkHandler(Edge edge) {
    this(edge, ReadTimeouts.defaults());
  }

  /**
   * Creates the handler for an edge, with read timeouts of its own.
   *
   * @param edge the edge whose gates every request passes
   * @param timeouts how long to wait for an idle connection's next request, a request's head and
   *     its body's next bytes
   * @throws NullPointerException if an argument is null
   */
  public BulwarkHandler(Edge edge, ReadTimeouts timeouts) {
    this(ReloadableEdge.of(Objects.requireNonNull(edge, "edge")), timeouts);
  }

  /**
   * Creates the handler for a replaceable edge, for hot reload (such as the config module's
   * {@code ReloadingConfig.edge()}), with read timeouts of its own: each request runs wholly on the
   * edge current when its head arrives; requests in flight finish on the edge they began on.
   *
   * @param edges the holder of the edge
   * @param timeouts as for {@link #BulwarkHandler(Edge, ReadTimeouts)}
   * @throws NullPointerException if an argument is null
   */
  public BulwarkHandler(ReloadableEdge edges, ReadTimeouts timeouts) {
    this.edge = Objects.requireNonNull(edges, "edges");
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
  }

  /**
   * Returns a new decoder configuration for the {@code HttpServerCodec} in front of this handler:
   * Netty's defaults (which the caller may change: {@code setMaxHeaderSize} and the others), and
   * request headers that remember what the decoder did to a request's {@code Content-Length}
   * before this handler saw it. Netty's decoder drops the {@code Content-Length} of an HTTP/1.1
   * request that also has {@code Transfer-Encoding: chunked}, and keeps the first of several
   * differing {@code Content-Length} fields of an HTTP/1.0 request; with these headers the handler
   * refuses both (400, connection closed), as it refuses every other framing two parsers could
   * read differently. With a codec built otherwise, such requests are read as the decoder chose
   * and passed on. Replacing the headers factory of the returned configuration undoes this. The
   * headers are Netty's own {@code DefaultHttpHeaders}, with Netty's validation; what the decoder
   * did is noted on the thread that decodes, so the codec must run on the same executor as this
   * handler (the channel's event loop, as usual): with the codec and the handler on different
   * executors (an {@code EventExecutorGroup} given to one of them), the handler refuses to serve
   * the channel (an {@link IllegalStateException} on its first request) rather than let requests
   * pass without those checks.
   *
   * <pre>{@code
   * ch.pipeline().addLast(new HttpServerCodec(BulwarkHandler.decoderConfig()), bulwark, ...);
   * }</pre>
   *
   * @return a new, mutable configuration; each call returns a fresh one
   */
  public static HttpDecoderConfig decoderConfig() {
    return new HttpDecoderConfig().setHeadersFactory(RequestHeaders.FACTORY);
  }

  /**
   * Returns the exchange of a request this handler admitted and passed on, for as long as its
   * response has not been written: {@code exchange(ctx.channel(), request).cspNonce()} is the
   * nonce for the response's inline scripts. The request is recognised by identity, or by its
   * headers' identity, so the aggregate an {@code HttpObjectAggregator} after this handler builds
   * from it is found too. Call it on the channel's event loop, such as in {@code channelRead}.
   *
   * @param channel the channel the request arrived on
   * @param request the request the application received
   * @return the exchange, or null when the request did not pass this handler or its response has
   *     been written
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if called outside the channel's event loop
   */
  public static @Nullable EdgeExchange exchange(Channel channel, HttpRequest request) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(request, "request");
    if (!channel.eventLoop().inEventLoop()) {
      throw new IllegalStateException("BulwarkHandler.exchange must be called on the event loop of " + channel);
    }
    ChannelState state = channel.attr(STATE).get();
    if (state == null) {
      return null;
    }
    for (Pending p : state.pending) {
      HttpRequest r = p.request;
      if (r != null && (r == request || r.headers() == request.headers())) {
        return p.exchange;
      }
    }
    return null;
  }

  /**
   * Sets the name of the user of the next request to pass this handler on a channel, for an
   * authenticating handler in front of this one: {@link dev.bulwark.http.EdgeRequest#principal()}
   * (and so {@link dev.bulwark.http.RateLimitKey#principal()}) reads it when the request's head
   * arrives here. Set it (or clear it with null, for an anonymous request) before passing each
   * request's head on. {@link dev.bulwark.http.EdgeRequest#attribute(String)} likewise reads the
   * channel attribute of that name.
   *
   * @param channel the channel the request arrived on
   * @param name the user's name, or null for none
   * @throws NullPointerException if {@code channel} is null
   */
  public static void principal(Channel channel, @Nullable String name) {
    Objects.requireNonNull(channel, "channel").attr(PRINCIPAL).set(name);
  }

  /**
   * Answers an exception an application handler after this one threw while handling the request
   * whose response is due next and not yet started: writes the edge's 500
   * ({@link EdgeExchange#applicationError}: the route's error body writer, the exception logged once,
   * never its text in the body) through the pipeline from {@code ctx}, so that it gets the
   * exchange's headers and completes the exchange as a failure. Call it on the channel's event loop,
   * from an {@code exceptionCaught} after this handler.
   *
   * @param ctx the context of the handler that caught the exception
   * @param error the exception
   * @return true when a response was written; false when no admitted request is waiting for one
   *     (the exception came from elsewhere, or a response has started): then close the channel
   * @throws NullPointerException if an argument is null
   * @throws IllegalStateException if called outside the channel's event loop
   */
  public static boolean answerApplicationError(ChannelHandlerContext ctx, Throwable error) {
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(error, "error");
    Channel channel = ctx.channel();
    if (!channel.eventLoop().inEventLoop()) {
      throw new IllegalStateException("answerApplicationError must be called on the event loop of " + channel);
    }
    ChannelState state = channel.attr(STATE).get();
    Pending head = state == null ? null : state.pending.peek();
    EdgeExchange exchange = head == null ? null : head.exchange;
    if (head == null || exchange == null || head.status >= 0 || !channel.isActive()) {
      return false;
    }
    ErrorResponse answer = exchange.applicationError(error);
    HttpRequest request = head.request;
    FullHttpResponse response = new DefaultFullHttpResponse(
        request != null ? request.protocolVersion() : HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(answer.body()));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
        .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.bodyLength());
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    return true;
  }

  /**
   * Returns a handler to put last in the pipeline, after the application's handlers: it answers
   * each exception that reaches it with {@link #answerApplicationError}, and closes the channel
   * when there is no request to answer. {@code @Sharable}; one instance serves every channel.
   *
   * @return the shared handler
   */
  public static ChannelHandler applicationErrors() {
    return ApplicationErrors.INSTANCE;
  }

  /** The handler of {@link #applicationErrors()}. */
  @ChannelHandler.Sharable
  private static final class ApplicationErrors extends ChannelInboundHandlerAdapter {
    static final ApplicationErrors INSTANCE = new ApplicationErrors();

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (!answerApplicationError(ctx, cause)) {
        ctx.close().addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      }
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      start(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    start(ctx);
    super.channelActive(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof SslHandshakeCompletionEvent) {
      ChannelState state = ctx.channel().attr(STATE).get();
      if (state != null && state.owner == this) {
        state.secure = RequestFlow.isSecure(ctx.channel());
        state.tlsHandshakeCompleted();
      }
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    int kinds = MessageKinds.of(msg);
    if (!MessageKinds.is(kinds, MessageKinds.OBJECT)) {
      // Such as an HAProxyMessage decoded before the codec: a message, so not part of a head.
      ChannelState state = ctx.channel().attr(STATE).get();
      if (state != null && state.owner == this) {
        state.messageRead();
        ConnectionWatch watch = state.watch;
        if (watch != null) {
          watch.read(msg);
        }
      }
      ctx.fireChannelRead(msg);
      return;
    }
    boolean request = MessageKinds.is(kinds, MessageKinds.REQUEST);
    if (!ctx.channel().isActive()) {
      // Decoded after the channel closed (in the same read): it can never be answered.
      ReferenceCountUtil.release(msg);
      return;
    }
    ChannelState state = state(ctx, msg, request);
    if (request) {
      state.noteHeaders((HttpRequest) msg); // before anything reads it, or holds it for later
    }
    state.messageRead();
    AsyncAdmission async = state.async;
    if (async != null && async.hold(msg)) {
      return;
    }
    boolean last = MessageKinds.is(kinds, MessageKinds.LAST);
    if (state.closing) {
      // Read after a request the handler refused: those bytes cannot be trusted to be a request.
      ReferenceCountUtil.release(msg);
    } else if (request) {
      RequestFlow.onRequest(edge.current(), ctx, state, (HttpRequest) msg, last);
    } else if (MessageKinds.is(kinds, MessageKinds.CONTENT)) {
      RequestFlow.onContent(ctx, state, (HttpContent) msg, last);
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
    ChannelState state = ctx.channel().attr(STATE).get();
    Pending head = state == null ? null : state.pending.peek();
    EdgeExchange exchange = head == null ? null : head.exchange;
    if (state != null && state.closing && head == null && msg instanceof HttpObject) {
      // The handler answered the request this belongs to itself, and is closing the connection.
      ReferenceCountUtil.release(msg);
      promise.tryFailure(new ClosedChannelException());
      return;
    }
    if (state == null || head == null || exchange == null) {
      ConnectionWatch watch = state == null ? null : state.watch;
      if (watch != null) {
        watch.written(msg);
      }
      super.write(ctx, msg, promise);
      return;
    }
    int kinds = MessageKinds.of(msg);
    if (MessageKinds.is(kinds, MessageKinds.RESPONSE)) {
      HttpResponse response = (HttpResponse) msg;
      int status = response.status().code();
      if (status >= 100 && status < 200 && status != HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
        super.write(ctx, msg, promise);
        return;
      }
      state.writeHeaders(exchange, response.headers());
      head.status = status;
    }
    countBytes(head, msg, kinds);
    boolean ends = MessageKinds.is(kinds, MessageKinds.LAST)
        || head.status == HttpResponseStatus.SWITCHING_PROTOCOLS.code();
    if (head.status < 0 || !ends) {
      super.write(ctx, msg, promise);
      return;
    }
    state.pending.poll();
    boolean upgrade = head.status == HttpResponseStatus.SWITCHING_PROTOCOLS.code();
    ChannelPromise ending = promise.unvoid();
    if (!upgrade && ending.getClass() == DefaultChannelPromise.class) {
      // The usual promise (ctx.newPromise(), writeAndFlush's): completed through a wrapper rather
      // than a listener, which costs its lock three times per response (see EndingWritePromise).
      super.write(ctx, msg, new EndingWritePromise(ending, head));
    } else {
      super.write(ctx, msg, ending.addListener(upgrade ? state.upgradeListener(ctx, exchange) : head));
    }
    state.writeOwnResponsesDue(ctx);
    state.responseEnded(ctx, upgrade);
  }

  /** Adds a written message's body bytes to the response's count (read before the write releases it). */
  private static void countBytes(Pending head, Object msg, int kinds) {
    if (head.status < 0 || head.responseBytes < 0) {
      return;
    }
    if (MessageKinds.is(kinds, MessageKinds.CONTENT)) {
      head.responseBytes += ((HttpContent) msg).content().readableBytes();
    } else if (!MessageKinds.is(kinds, MessageKinds.RESPONSE)) {
      head.responseBytes = -1;
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ChannelState state = ctx.channel().attr(STATE).get();
    if (state != null && state.owner == this) {
      if (state.swallowed) {
        state.swallowed = false;
        // The application never saw what was swallowed, so a manual-read application would not ask
        // for more: ask for it, as HttpObjectAggregator does while it aggregates.
        if (!ctx.channel().config().isAutoRead()) {
          ctx.read();
        }
      }
      state.readComplete(ctx);
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    ChannelState state = ctx.channel().attr(STATE).get();
    if (state != null) {
      state.cancelAll();
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    ChannelState state = ctx.channel().attr(STATE).get();
    if (state != null) {
      state.cancelExchanges();
    }
    super.exceptionCaught(ctx, cause);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    Attribute<ChannelState> attr = ctx.channel().attr(STATE);
    ChannelState state = attr.get();
    if (state != null && state.owner == this) {
      attr.set(null);
      state.cancelAll();
    }
  }

  /**
   * Creates this channel's state when the channel becomes active (or the handler is added to an
   * active channel), which starts its idle timeout. Leaves a state another handler made alone: the
   * first request reports that loudly.
   */
  private void start(ChannelHandlerContext ctx) {
    Attribute<ChannelState> attr = ctx.channel().attr(STATE);
    if (attr.get() == null) {
      ChannelState state = new ChannelState(this, ctx.channel(), ctx.executor());
      attr.set(state);
      state.start(ctx);
    }
  }

  /**
   * Returns this channel's state, creating it if needed; releases {@code msg} (a request head when
   * {@code request}) on failure.
   */
  private ChannelState state(ChannelHandlerContext ctx, Object msg, boolean request) {
    Attribute<ChannelState> attr = ctx.channel().attr(STATE);
    ChannelState state = attr.get();
    if (state == null) {
      state = new ChannelState(this, ctx.channel(), ctx.executor());
      attr.set(state);
      state.start(ctx);
    } else if (state.owner != this) {
      ReferenceCountUtil.release(msg);
      throw new IllegalStateException(
          "one BulwarkHandler per channel, but " + ctx.channel() + " has another in its pipeline");
    }
    if (request && state.codecElsewhere(ctx)) {
      // The decoder's notes (RequestHeaders) are kept on the thread that decodes: read on another,
      // the Content-Length checks would silently not apply. Refuse to serve rather than pass them.
      ReferenceCountUtil.release(msg);
      state.closing = true; // what the codec still passes on is released
      ctx.close().addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      throw new IllegalStateException("BulwarkHandler must run on the HTTP codec's executor, but " + ctx.channel()
          + " has its codec on another (an EventExecutorGroup given to one of them): add both without a group,"
          + " or both with the same one");
    }
    return state;
  }

  @Override
  public String toString() {
    return "BulwarkHandler[" + edge.current() + ", " + timeouts + "]";
  }
}
