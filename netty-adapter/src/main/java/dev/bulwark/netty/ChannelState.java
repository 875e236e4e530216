package dev.bulwark.netty;

import dev.bulwark.core.internal.Durations;
import dev.bulwark.core.Ticker;
import dev.bulwark.http.EdgeConnection;
import dev.bulwark.http.EdgeExchange;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * What one channel's requests have in flight, kept in a channel attribute so that the
 * {@link BulwarkHandler} itself stays stateless and shareable. Only the channel's event loop
 * touches it: every handler callback runs there.
 *
 * <h2>How responses stay in order</h2>
 * HTTP/1.1 answers requests in the order they arrived, and says nothing else about which response
 * belongs to which request. So the state keeps one queue, {@link #pending}, of the responses the
 * channel owes, oldest first: an admitted request's exchange is appended before the request is
 * passed on, and the application's next response always belongs to the head. When the head's
 * response is complete (its {@code LastHttpContent} is written) the head leaves the queue, and
 * its write's outcome finishes the exchange. A response of the handler's own (a rejection, a
 * {@code 100 Continue}) must not overtake the application's: it is written at once only when the
 * queue is empty, and otherwise queued and written as soon as everything before it has been.
 * Every path that ends a channel empties the queue, cancelling what it holds, so no permit
 * outlives its connection.
 *
 * <h2>Read timeouts</h2>
 * The handler sits after the codec, so it never sees bytes, only what the codec made of them, and
 * the end of every read ({@code channelReadComplete}). That is enough to tell the phases of
 * {@link ReadTimeouts} apart. A body is pending from a head that is not a whole request until its
 * {@code LastHttpContent}, and each read that brings body bytes pushes its deadline on. Otherwise,
 * while a response is owed, nothing is timed. Otherwise a read that ended without a head or body
 * bytes left part of a head in the codec (or only line breaks, which count the same): the head's
 * deadline runs from that read, once, and stops when a head arrives. Otherwise the connection is
 * idle, since it opened or since its last owed response was written. Reads during a TLS handshake,
 * up to and including the one that completes it, do not start a head: they carried no request.
 *
 * <p>One timer per channel, rescheduled lazily (as Netty's {@code IdleStateHandler} does): it is
 * moved only when a phase brings its deadline forward, and when it fires early it schedules itself
 * again for the deadline then current. So a body's progress costs a field write per read, and a
 * kept-alive connection about one scheduled task per idle timeout rather than one per request.
 */
final class ChannelState {

  /** The clock of the read timeouts; the timer itself runs on the channel's executor. */
  private static final Ticker TICKER = Ticker.system();

  /** The peer of channels that have no IP address (local, Unix domain, embedded channels). */
  static final String NON_IP_PEER = "0.0.0.0";

  /** The most responses a channel may owe before a rejection that must wait its turn closes it. */
  static final int MAX_PENDING = 256;

  /** The handler this state belongs to: one {@link BulwarkHandler} per channel. */
  final BulwarkHandler owner;
  /** The channel's peer as an IP literal, worked out once. */
  final String peer;
  /**
   * Whether TLS protects this hop ({@link RequestFlow#isSecure}): worked out when the state is made
   * and again when a TLS handshake completes, rather than by walking the pipelines per request.
   */
  boolean secure;
  /** The responses owed, oldest first. */
  final ArrayDeque<Pending> pending = new ArrayDeque<>(2);
  /**
   * The executor the handler runs on for this channel: the only thread that takes or returns
   * {@link #spare}.
   */
  private final EventExecutor executor;
  /**
   * An entry of an admitted exchange whose response was written and whose exchange finished, kept
   * for the next admitted request ({@link #admitted}), so that a kept-alive connection makes one
   * such entry rather than one per request.
   */
  private @Nullable Pending spare;
  /** The view through which exchanges write their headers, bound to one response at a time. */
  private final NettyEdgeResponse responseView = new NettyEdgeResponse();
  /** The path and query strings of this connection's latest requests, for the next view to reuse. */
  final NettyEdgeRequest.LastTarget lastTarget = new NettyEdgeRequest.LastTarget();
  /** The body being gathered for a body check, or null. */
  @Nullable BodyBuffer buffer;
  /** The count of the streamed body being passed on unread, or null. */
  @Nullable BodyCount count;
  /** Whether the rest of a rejected request's body is being discarded. */
  boolean dropping;
  /** Whether a message of this read was swallowed, so that a manual-read channel needs a read. */
  boolean swallowed;
  /**
   * Whether the handler has refused the connection's last request (a protocol error or a read
   * timeout): everything read from now on is discarded, and the connection closes once its answers
   * are written.
   */
  boolean closing;
  /** Whether a request's head has arrived but not yet its {@code LastHttpContent}. */
  boolean bodyPending;
  /** Whether this read brought a message (a head, part of a body, or anything else decoded). */
  private boolean readHttp;
  /**
   * Whether a response ended during this read, after its first message (and so
   * {@link #responseEnded} read the clock and set {@link #idleSince} and {@link #bodySince}): then
   * the read's end needs no clock of its own unless a body is pending.
   */
  private boolean endedInRead;

  /** The upgraded connection this channel carries after a {@code 101}, or null. */
  @Nullable ConnectionWatch watch;
  /** Requests held while the edge awaits a remote decision; made by the first such request. */
  @Nullable AsyncAdmission async;
  /** Whether {@link #cancelAll()} ran: the channel closed or the handler left it. */
  private boolean ended;

  /** Whether the read timeouts have stopped for good: the channel closed or switched protocols. */
  private boolean untimed;
  /** Whether a TLS handshake has not completed yet. */
  private boolean tlsHandshaking;
  /** Whether the TLS handshake completed during the current read. */
  private boolean tlsHandshakeRead;
  /** Whether a read left part of a request head in the codec; {@link #headSince} is then set. */
  private boolean headStarted;
  /** When the connection last became idle, head started or body progressed (ticker nanos). */
  private long idleSince;
  private long headSince;
  private long bodySince;
  private @Nullable ScheduledFuture<?> timer;
  /** When {@link #timer} fires (ticker nanos), if it is set. */
  private long timerAt;

  ChannelState(BulwarkHandler owner, Channel channel, EventExecutor executor) {
    this.owner = owner;
    this.executor = executor;
    this.peer = peerOf(channel);
    this.secure = RequestFlow.isSecure(channel);
    SslHandler ssl = channel.pipeline().get(SslHandler.class);
    this.tlsHandshaking = ssl != null && !ssl.handshakeFuture().isDone();
  }

  /**
   * Returns the channel's remote IP as a literal without port, brackets or IPv6 zone, or
   * {@link #NON_IP_PEER} for channels whose remote address is not an IP socket address.
   */
  static String peerOf(Channel channel) {
    SocketAddress remote = channel.remoteAddress();
    if (remote instanceof InetSocketAddress) {
      InetAddress ip = ((InetSocketAddress) remote).getAddress();
      if (ip != null) {
        String literal = ip.getHostAddress();
        int zone = literal.indexOf('%');
        return zone < 0 ? literal : literal.substring(0, zone);
      }
    }
    return NON_IP_PEER;
  }

  /**
   * Returns the queue entry of an admitted exchange: the spare one when the channel has one (its
   * previous response was written and its exchange finished), else a new one.
   */
  Pending admitted(EdgeExchange exchange, HttpRequest request) {
    Pending p = spare;
    if (p == null) {
      p = Pending.reusable(this);
    } else {
      spare = null;
    }
    return p.admit(exchange, request);
  }

  /**
   * Takes back an entry whose exchange has finished, for the next admitted request. Only on the
   * handler's executor: a write listener run elsewhere (a promise of another executor) leaves the
   * entry to the garbage collector.
   */
  void reuse(Pending done) {
    if (executor.inEventLoop()) {
      spare = done;
    }
  }

  /**
   * Lets {@code exchange} write its headers into {@code headers} through this channel's view; the
   * view is bound to them only for the call. A call made while the view is bound (an exchange's
   * header writing that wrote another response) gets a view of its own.
   */
  void writeHeaders(EdgeExchange exchange, HttpHeaders headers) {
    NettyEdgeResponse view = responseView;
    if (!view.bind(headers)) {
      exchange.writeHeaders(new NettyEdgeResponse(headers));
      return;
    }
    try {
      exchange.writeHeaders(view);
    } finally {
      view.unbind();
    }
  }

  /**
   * Writes a response of the handler's own (a rejection, a {@code 100 Continue}) now if nothing is
   * owed before it, or queues it behind the responses owed first; closes the connection rather
   * than queue one behind {@link #MAX_PENDING} others.
   */
  void respond(ChannelHandlerContext ctx, FullHttpResponse response) {
    if (pending.isEmpty()) {
      writeOwn(ctx, response, true);
    } else if (pending.size() < MAX_PENDING) {
      pending.add(Pending.own(response));
    } else {
      // A client pipelining this far ahead of its answers is cut off rather than buffered for.
      response.release();
      ctx.close().addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }
  }

  private static void writeOwn(ChannelHandlerContext ctx, FullHttpResponse response, boolean flush) {
    boolean close = !HttpUtil.isKeepAlive(response);
    ChannelFuture future = flush ? ctx.writeAndFlush(response) : ctx.write(response);
    if (close) {
      future.addListener(ChannelFutureListener.CLOSE);
    }
  }

  /**
   * Writes the handler's own responses that have reached the head of the queue, after the
   * application's response ahead of them was written. The application's flush that follows sends
   * them too.
   */
  void writeOwnResponsesDue(ChannelHandlerContext ctx) {
    Pending next;
    while ((next = pending.peek()) != null && next.response != null) {
      pending.poll();
      writeOwn(ctx, next.response, false);
    }
  }

  /**
   * Refuses the request whose head was just read, before anything of it was passed on: answers
   * it with the edge's rendering of {@code error} after the responses owed before it, then closes
   * the connection, discarding everything read from now on.
   */
  void refuse(ChannelHandlerContext ctx, ProtocolError error) {
    closing = true;
    bodyPending = false;
    dropping = false;
    stopTimer();
    respond(ctx, errorResponse(ctx, error));
  }

  /**
   * Ends the request whose body is arriving because its body failed to decode or stalled, and
   * closes the connection. The request is answered with {@code error} when its answer is still
   * this handler's to give: a body being gathered (the application never saw the request), or a
   * request passed on whose response has not started and is the only one owed. A rejected
   * request's answer, already given or queued, closes the connection instead. In every other case
   * (a response started, others owed before it) the connection is closed at once, which cancels
   * what it holds.
   */
  void abortBody(ChannelHandlerContext ctx, ProtocolError error) {
    closing = true;
    bodyPending = false;
    stopTimer();
    if (cancelBuffer()) {
      respond(ctx, errorResponse(ctx, error));
      return;
    }
    Pending last = pending.peekLast();
    if (dropping) {
      dropping = false;
      FullHttpResponse own = last == null ? null : last.response;
      if (own != null) {
        // The rejection waits its turn; it now ends the connection.
        HttpUtil.setKeepAlive(own, false);
        return;
      }
    } else if (last != null && last.exchange != null && last.status < 0 && pending.size() == 1) {
      pending.poll();
      last.exchange.cancel();
      writeOwn(ctx, errorResponse(ctx, error), true);
      return;
    }
    ctx.close().addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
  }

  private FullHttpResponse errorResponse(ChannelHandlerContext ctx, ProtocolError error) {
    return RejectionResponses.of(
        owner.edge.current().protocolError(error.status, error.detail, RequestFlow.isSecure(ctx.channel())),
        HttpVersion.HTTP_1_1, false);
  }

  /** Starts the idle timeout of a channel that has just become active, or of a new state. */
  void start(ChannelHandlerContext ctx) {
    long now = TICKER.read();
    idleSince = now;
    arm(ctx, now);
  }

  /** Notes that the TLS handshake has completed, during the current read. */
  void tlsHandshakeCompleted() {
    if (tlsHandshaking) {
      tlsHandshaking = false;
      tlsHandshakeRead = true;
    }
  }

  /** Notes that the current read brought a message (a head, part of a body, or anything else decoded). */
  void messageRead() {
    if (!readHttp) {
      readHttp = true;
      endedInRead = false; // a response that ended before this read's first message: not this read's
    }
  }

  /**
   * Moves the read timeouts on at the end of a read: a body's progress, or the first read of a
   * head, as the class description explains.
   */
  void readComplete(ChannelHandlerContext ctx) {
    boolean http = readHttp;
    boolean handshake = tlsHandshaking || tlsHandshakeRead;
    boolean ended = endedInRead;
    readHttp = false;
    endedInRead = false;
    tlsHandshakeRead = false;
    if (untimed || closing) {
      return;
    }
    if (http && ended && !bodyPending) {
      // The usual keep-alive read: a request came and its response was written during the read.
      // That response's end set idleSince and bodySince, and armed the timer, a moment ago; without
      // a body pending, nothing since can have brought a deadline forward (another head makes a
      // response owed, and nothing is timed then), so the clock need not be read again.
      return;
    }
    long now = TICKER.read();
    if (http) {
      // A head or body bytes arrived: a body progressed, or a request began (and maybe ended).
      bodySince = now;
      idleSince = now;
    } else if (!bodyPending && !headStarted && pending.isEmpty() && !handshake) {
      headStarted = true;
      headSince = now;
    }
    arm(ctx, now);
  }

  /** The notes of the request decoding on the thread that made them ({@link RequestHeaders}), or null. */
  private RequestHeaders.@Nullable Tracker notes;

  /**
   * Records in a request head that has just arrived what the decoder did to its
   * {@code Content-Length} ({@link RequestHeaders#note}), with the notes of the current thread,
   * which this state keeps rather than reading a thread-local per request: the handler always runs
   * on the channel's event loop, and a change of thread (a channel registered again elsewhere) is
   * seen by the notes' own thread and the notes fetched again.
   */
  void noteHeaders(HttpRequest request) {
    RequestHeaders.Tracker t = notes;
    if (t == null || t.thread != Thread.currentThread()) {
      t = RequestHeaders.tracker();
      notes = t;
    }
    RequestHeaders.note(request, t);
  }

  /** 0 until asked, then 1 when the pipeline's HTTP codec runs on this handler's executor, else 2. */
  private byte codecPlacement;

  /**
   * Tells whether the pipeline's HTTP request decoder ({@code HttpServerCodec} or
   * {@code HttpRequestDecoder}) runs on another executor than the handler; worked out once per
   * channel, on its first request, when the pipeline is complete.
   */
  boolean codecElsewhere(ChannelHandlerContext ctx) {
    if (codecPlacement == 0) {
      ChannelHandlerContext codec = ctx.pipeline().context(HttpServerCodec.class);
      if (codec == null) {
        codec = ctx.pipeline().context(HttpRequestDecoder.class);
      }
      codecPlacement = codec != null && codec.executor() != ctx.executor() ? (byte) 2 : (byte) 1;
    }
    return codecPlacement == 2;
  }

  /** Tells whether a remote decision is pending: the channel does not read, so no read timeout runs. */
  private boolean awaitingDecision() {
    AsyncAdmission a = async;
    return a != null && a.isWaiting();
  }

  /**
   * Restarts the read timeouts after a remote decision arrived: the channel read nothing while it
   * waited, so the current phase (idle, head or body) starts again now.
   */
  void decisionArrived(ChannelHandlerContext ctx) {
    if (untimed || closing) {
      return;
    }
    long now = TICKER.read();
    idleSince = now;
    headSince = now;
    bodySince = now;
    arm(ctx, now);
  }

  /** Notes that a request head arrived: a head timeout no longer runs. */
  void headArrived() {
    headStarted = false;
  }

  /**
   * Notes that the response at the head of the queue was written in full: the connection may have
   * become idle, or, after {@code 101 Switching Protocols}, no longer speaks HTTP/1.1.
   */
  void responseEnded(ChannelHandlerContext ctx, boolean upgraded) {
    if (upgraded) {
      stopTimers();
    } else if (pending.isEmpty() && !untimed && !closing) {
      long now = TICKER.read();
      idleSince = now;
      if (readHttp) {
        // Within a read that brought a message, whose end would note the body's progress a moment
        // later: note it now, with the same clock read, so that the read's end need not read it
        // again. (A response written to a head before its body ended, as an application answering
        // heads does, finds bodyPending still set: the deadline armed here must be fresh.)
        bodySince = now;
        endedInRead = true;
      }
      arm(ctx, now);
    }
  }

  /** Stops the read timeouts for good: the channel closed, or carries another protocol now. */
  void stopTimers() {
    untimed = true;
    stopTimer();
  }

  private void stopTimer() {
    ScheduledFuture<?> t = timer;
    if (t != null) {
      timer = null;
      t.cancel(false);
    }
  }

  /** Returns when the current phase's timeout expires (ticker nanos), or MAX_VALUE if none runs. */
  private long deadline() {
    if (untimed || closing || awaitingDecision()) {
      return Long.MAX_VALUE;
    }
    ReadTimeouts t = owner.timeouts;
    if (bodyPending) {
      return Durations.saturatedAdd(bodySince, t.bodyNanos);
    }
    if (!pending.isEmpty()) {
      return Long.MAX_VALUE;
    }
    return headStarted ? Durations.saturatedAdd(headSince, t.headNanos) : Durations.saturatedAdd(idleSince, t.idleNanos);
  }

  /** Makes sure the timer fires no later than the current deadline. */
  private void arm(ChannelHandlerContext ctx, long now) {
    long at = deadline();
    if (at == Long.MAX_VALUE) {
      return; // a timer already scheduled will find nothing to do
    }
    ScheduledFuture<?> t = timer;
    if (t != null) {
      if (timerAt <= at) {
        return;
      }
      t.cancel(false);
    }
    timerAt = at;
    timer = ctx.executor().schedule(() -> expire(ctx), Math.max(0, at - now), TimeUnit.NANOSECONDS);
  }

  /** Runs when the timer fires: acts on the phase whose deadline passed, or schedules the next. */
  private void expire(ChannelHandlerContext ctx) {
    timer = null;
    long at = deadline();
    if (at == Long.MAX_VALUE || !ctx.channel().isActive()) {
      return;
    }
    long now = TICKER.read();
    if (now < at) {
      arm(ctx, now);
    } else if (bodyPending) {
      abortBody(ctx, ProtocolError.BODY_TIMEOUT);
    } else if (headStarted) {
      refuse(ctx, ProtocolError.HEAD_TIMEOUT);
    } else {
      closing = true;
      ctx.close().addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }
  }

  /**
   * Cancels the exchange of the body being gathered, if any, and releases the body; tells whether
   * there was one.
   */
  private boolean cancelBuffer() {
    BodyBuffer b = takeBuffer();
    if (b == null) {
      return false;
    }
    try {
      b.exchange.cancel();
    } finally {
      b.release();
    }
    return true;
  }

  /** Takes the body being gathered, releasing nothing. */
  @Nullable BodyBuffer takeBuffer() {
    BodyBuffer b = buffer;
    buffer = null;
    return b;
  }

  /**
   * Gives everything back, as when the channel closes: cancels every exchange still owed a
   * response or still gathering its body (their handlers never answered), and releases the
   * handler's own responses not yet written.
   */
  void cancelAll() {
    ended = true;
    stopTimers();
    ConnectionWatch w = watch;
    if (w != null) {
      watch = null;
      w.closed();
    }
    cancelBuffer();
    Pending p;
    while ((p = pending.poll()) != null) {
      if (p.exchange != null) {
        p.exchange.cancel();
      }
      FullHttpResponse own = p.response;
      if (own != null) {
        ReferenceCountUtil.release(own);
      }
    }
  }

  /**
   * Returns the listener of the write of a {@code 101 Switching Protocols}: once written, the
   * exchange becomes a long-lived connection watched until the channel closes (released at once if
   * it closed meanwhile); if the write failed, the exchange fails.
   */
  ChannelFutureListener upgradeListener(ChannelHandlerContext ctx, EdgeExchange exchange) {
    return future -> {
      Throwable cause = future.cause();
      if (!future.isSuccess() && cause != null) {
        exchange.fail(cause);
        return;
      }
      EdgeConnection connection = exchange.upgrade(ConnectionWatch.goAway(ctx));
      if (ended || !ctx.channel().isActive()) {
        connection.close();
      } else {
        watch = ConnectionWatch.start(ctx, connection);
      }
    };
  }

  /**
   * Cancels every exchange still owed a response, after an exception reached the handler, leaving
   * them queued so that responses the application still writes map to their requests; and cancels
   * the body being gathered, whose request the application never saw, discarding the rest of it.
   */
  void cancelExchanges() {
    if (cancelBuffer()) {
      dropping = true;
    }
    for (Pending p : pending) {
      if (p.exchange != null) {
        p.exchange.cancel();
      }
    }
  }

  @Override
  public String toString() {
    return "ChannelState[peer=" + peer + ", pending=" + pending + ", buffer=" + buffer
        + (dropping ? ", dropping" : "") + (closing ? ", closing" : "") + "]";
  }
}
