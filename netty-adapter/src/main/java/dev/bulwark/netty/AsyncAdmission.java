package dev.bulwark.netty;

import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeExchange;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * One channel's requests while the edge awaits a remote decision ({@link Edge#beginAsync}: a rate
 * or concurrency limit in Redis): the event loop never waits for it.
 *
 * <h2>How it works</h2>
 * The request whose decision is pending is kept aside, the channel stops reading (auto-read off,
 * if it was on), and every message decoded meanwhile (that request's body, pipelined requests
 * already in the codec's buffer) is held, in order, instead of being processed. When the edge's
 * stage completes, on the channel's event loop, the request goes the way a synchronous decision
 * would have sent it ({@link RequestFlow#decided}), then the held messages are replayed through
 * the handler until one of them awaits a decision again; once none is pending, auto-read is
 * restored and a read-complete fired, so that an application which flushes on read-complete
 * sends what it wrote for the replayed requests. Other channels on the same event loop run
 * meanwhile: a slow Redis delays only the requests that need it.
 *
 * <h2>Resources</h2>
 * No read timeout ({@link ReadTimeouts}) runs while a decision is pending: the channel is not
 * reading; the phase it was in starts again when the decision arrives. A paused channel does not read, so it notices its peer's close only when it reads again, after
 * the decision: the request then goes on as on the synchronous path, whose close handling
 * cancels the exchange and releases its permits. If the channel is already closed (or the handler
 * removed) when the decision arrives, an admitted exchange is cancelled at once, and the request
 * and the held messages are released. If the event loop can no longer run the continuation, the exchange is cancelled and
 * the channel closed.
 *
 * <p>Confined to the channel's event loop, like {@link ChannelState}.
 */
final class AsyncAdmission {

  private final ArrayDeque<Object> held = new ArrayDeque<>();
  private boolean waiting;
  private boolean pausedAutoRead;

  private AsyncAdmission() {}

  /**
   * Holds {@code msg} if a decision is pending on this channel.
   *
   * @return whether the message was held (the caller must then leave it alone)
   */
  boolean hold(Object msg) {
    if (!waiting) {
      return false;
    }
    held.add(msg);
    return true;
  }

  /** Tells whether a decision is pending on this channel (its reads are paused). */
  boolean isWaiting() {
    return waiting;
  }

  /** Sets {@code request} aside until {@code decided} completes, pausing the channel's reads. */
  static void await(ChannelHandlerContext ctx, ChannelState state, HttpRequest request, boolean last,
      CompletableFuture<EdgeExchange> decided) {
    AsyncAdmission admission = state.async;
    if (admission == null) {
      admission = new AsyncAdmission();
      state.async = admission;
    }
    admission.pause(ctx, state, request, last, decided);
  }

  private void pause(ChannelHandlerContext ctx, ChannelState state, HttpRequest request, boolean last,
      CompletableFuture<EdgeExchange> decided) {
    waiting = true;
    ChannelConfig config = ctx.channel().config();
    if (config.isAutoRead()) {
      config.setAutoRead(false);
      pausedAutoRead = true;
    }
    var unused = decided.whenComplete((exchange, error) -> {
      EventExecutor loop = ctx.executor();
      if (loop.inEventLoop()) {
        resume(ctx, state, request, last, exchange, error);
        return;
      }
      try {
        loop.execute(() -> resume(ctx, state, request, last, exchange, error));
      } catch (RejectedExecutionException e) {
        if (exchange != null) {
          exchange.cancel();
        }
        ReferenceCountUtil.release(request);
        ctx.channel().close().addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      }
    });
  }

  private void resume(ChannelHandlerContext ctx, ChannelState state, HttpRequest request, boolean last,
      @Nullable EdgeExchange exchange, @Nullable Throwable error) {
    waiting = false;
    if (ctx.isRemoved() || !ctx.channel().isActive()) {
      if (exchange != null) {
        exchange.cancel();
      }
      ReferenceCountUtil.release(request);
      for (Object msg; (msg = held.poll()) != null; ) {
        ReferenceCountUtil.release(msg);
      }
      return;
    }
    state.decisionArrived(ctx);
    if (error != null) {
      RequestFlow.failed(ctx, state, request, last, error);
    } else {
      RequestFlow.decided(ctx, state, request, last, Objects.requireNonNull(exchange, "exchange"));
    }
    for (Object msg; !waiting && (msg = held.poll()) != null; ) {
      state.owner.channelRead(ctx, msg);
    }
    if (!waiting) {
      if (pausedAutoRead) {
        pausedAutoRead = false;
        ctx.channel().config().setAutoRead(true);
      }
      state.owner.channelReadComplete(ctx);
    }
  }
}
