package dev.bulwark.netty;

import dev.bulwark.core.Ticker;
import dev.bulwark.core.internal.Durations;
import dev.bulwark.http.ConnectionPolicy;
import dev.bulwark.http.EdgeConnection;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Watches one upgraded channel (a WebSocket) for its route's {@link ConnectionPolicy}, and closes
 * its {@link EdgeConnection} (which releases the concurrency permit) when the channel closes.
 *
 * <h2>Timers</h2>
 * Everything runs on the channel's event loop. Idle expiry keeps the time of the last data frame
 * (text, binary, continuation; read or written) in a field, so a message costs a field write; one
 * timer per idle timeout checks it and, when it fires early, schedules itself for the deadline then
 * current (as {@code IdleStateHandler} does). The heartbeat is one timer that alternates: after the
 * ping interval it sends a {@link PingWebSocketFrame} and waits the pong timeout; if no frame of
 * any kind was read meanwhile, the peer is gone and the channel is closed without a close
 * handshake (it would never answer one); otherwise the next ping is due one interval later.
 */
final class ConnectionWatch {

  private static final Ticker TICKER = Ticker.system();

  private final ChannelHandlerContext ctx;
  private final EdgeConnection connection;
  private final long idleNanos;
  private final long pingNanos;
  private final long pongNanos;
  private long lastData;
  private boolean readSincePing;
  private @Nullable ScheduledFuture<?> idleTimer;
  private @Nullable ScheduledFuture<?> heartbeat;

  private ConnectionWatch(ChannelHandlerContext ctx, EdgeConnection connection) {
    this.ctx = ctx;
    this.connection = connection;
    ConnectionPolicy policy = connection.policy();
    this.idleNanos = policy.idleTimeoutNanos();
    this.pingNanos = policy.pingIntervalNanos();
    this.pongNanos = policy.pongTimeoutNanos();
  }

  /** Starts watching a channel whose 101 was just written; on the channel's event loop. */
  static ConnectionWatch start(ChannelHandlerContext ctx, EdgeConnection connection) {
    ConnectionWatch watch = new ConnectionWatch(ctx, connection);
    watch.lastData = TICKER.read();
    if (watch.idleNanos > 0) {
      watch.idleTimer = ctx.executor().schedule(watch::checkIdle, watch.idleNanos, TimeUnit.NANOSECONDS);
    }
    if (watch.pingNanos > 0) {
      watch.heartbeat = ctx.executor().schedule(watch::ping, watch.pingNanos, TimeUnit.NANOSECONDS);
    }
    return watch;
  }

  /** Returns the action a drain runs at its deadline: a close frame 1001, then the channel closes. */
  static Runnable goAway(ChannelHandlerContext ctx) {
    return () -> ctx.executor().execute(() -> closeWith(ctx, "server going away"));
  }

  /** Notes a message read from the channel. */
  void read(Object msg) {
    readSincePing = true;
    if (isData(msg)) {
      lastData = TICKER.read();
    }
  }

  /** Notes a message written to the channel. */
  void written(Object msg) {
    if (isData(msg)) {
      lastData = TICKER.read();
    }
  }

  /** The channel closed (or the handler left it): stops the timers and releases the permit. */
  void closed() {
    cancel(idleTimer);
    cancel(heartbeat);
    idleTimer = null;
    heartbeat = null;
    connection.close();
  }

  private static boolean isData(Object msg) {
    return msg instanceof TextWebSocketFrame || msg instanceof BinaryWebSocketFrame
        || msg instanceof ContinuationWebSocketFrame;
  }

  private void checkIdle() {
    idleTimer = null;
    if (!connection.isOpen() || !ctx.channel().isActive()) {
      return;
    }
    long now = TICKER.read();
    long at = Durations.saturatedAdd(lastData, idleNanos);
    if (now < at) {
      idleTimer = ctx.executor().schedule(this::checkIdle, at - now, TimeUnit.NANOSECONDS);
    } else {
      closeWith(ctx, "idle timeout");
    }
  }

  private void ping() {
    heartbeat = null;
    if (!connection.isOpen() || !ctx.channel().isActive()) {
      return;
    }
    readSincePing = false;
    ctx.writeAndFlush(new PingWebSocketFrame()).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    heartbeat = ctx.executor().schedule(this::checkPong, pongNanos, TimeUnit.NANOSECONDS);
  }

  private void checkPong() {
    heartbeat = null;
    if (!connection.isOpen() || !ctx.channel().isActive()) {
      return;
    }
    if (readSincePing) {
      heartbeat = ctx.executor().schedule(this::ping, pingNanos, TimeUnit.NANOSECONDS);
    } else {
      ctx.close().addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }
  }

  private static void closeWith(ChannelHandlerContext ctx, String reason) {
    if (!ctx.channel().isActive()) {
      return;
    }
    WebSocketFrame close = new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, reason);
    ctx.writeAndFlush(close).addListener(ChannelFutureListener.CLOSE);
  }

  private static void cancel(@Nullable ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  @Override
  public String toString() {
    return "ConnectionWatch[" + connection + "]";
  }
}
