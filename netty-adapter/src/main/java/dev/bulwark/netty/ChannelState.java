package dev.bulwark.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
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

 */
final class ChannelState {

  /** The peer of channels that have no IP address (local, Unix domain, embedded channels). */
  static final String NON_IP_PEER = "0.0.0.0";

  /** The most responses a channel may owe before a rejection that must wait its turn closes it. */
  static final int MAX_PENDING = 256;

  /** The handler this state belongs to: one {@link BulwarkHandler} per channel. */
  final BulwarkHandler owner;
  /** The channel's peer as an IP literal, worked out once. */
  final String peer;
  /** The responses owed, oldest first. */
  final ArrayDeque<Pending> pending = new ArrayDeque<>(2);
  /** The body being gathered for a body check, or null. */
  @Nullable BodyBuffer buffer;
  /** Whether the rest of a rejected request's body is being discarded. */
  boolean dropping;
  /** Whether a message of this read was swallowed, so that a manual-read channel needs a read. */
  boolean swallowed;
  /**
   * Whether the handler has refused the connection's last request (a protocol error):
   * everything read from now on is discarded, and the connection closes once its answers
   * are written.
   */
  boolean closing;

  ChannelState(BulwarkHandler owner, Channel channel) {
    this.owner = owner;
    this.peer = peerOf(channel);
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
    dropping = false;
    respond(ctx, errorResponse(ctx, error));
  }

  /**
   * Ends the request whose body is arriving because its body failed to decode, and
   * closes the connection. The request is answered with {@code error} when its answer is still
   * this handler's to give: a body being gathered (the application never saw the request), or a
   * request passed on whose response has not started and is the only one owed. A rejected
   * request's answer, already given or queued, closes the connection instead. In every other case
   * (a response started, others owed before it) the connection is closed at once, which cancels
   * what it holds.
   */
  void abortBody(ChannelHandlerContext ctx, ProtocolError error) {
    closing = true;
    BodyBuffer b = takeBuffer();
    if (b != null) {
      try {
        b.exchange.cancel();
      } finally {
        b.release();
      }
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
        owner.edge.protocolError(error.status, error.detail, RequestFlow.isSecure(ctx.channel())),
        HttpVersion.HTTP_1_1, false);
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
    BodyBuffer b = takeBuffer();
    if (b != null) {
      try {
        b.exchange.cancel();
      } finally {
        b.release();
      }
    }
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
   * Cancels every exchange still owed a response, after an exception reached the handler, leaving
   * them queued so that responses the application still writes map to their requests; and cancels
   * the body being gathered, whose request the application never saw, discarding the rest of it.
   */
  void cancelExchanges() {
    BodyBuffer b = takeBuffer();
    if (b != null) {
      dropping = true;
      try {
        b.exchange.cancel();
      } finally {
        b.release();
      }
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
