package dev.bulwark.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The promise {@link BulwarkHandler} passes on with the write that ends an admitted exchange's
 * response, in place of the application's: everything is the application's promise's (its state,
 * listeners, waiters), and whoever completes it (the channel's outbound buffer once the bytes are
 * written, a handler that fails or drops the write, the channel closing) completes the
 * application's promise first and then finishes the exchange ({@link Pending#operationComplete})
 * with that promise's outcome, exactly once.
 *
 * <h2>Why not a listener</h2>
 * Adding a listener to the application's promise takes its lock, and completing a promise with
 * listeners takes it twice more and reads the thread's listener depth, on every response; this
 * wrapper costs one small object instead. Completing the exchange after the application's promise
 * keeps the order a listener had: the application's listeners added before the write run first,
 * those it adds after (typically {@code writeAndFlush(response).addListener(CLOSE)}) after.
 *
 * <p>A promise done before Netty's outbound buffer took the write (the application cancelled it
 * meanwhile) makes the buffer drop the write without completing the promise: the buffer finds that
 * out through {@link #setUncancellable()}, which then finishes the exchange (failed by the
 * cancellation, as the listener would have) rather than leave it open. Promises of other classes
 * (a {@code ChannelProgressivePromise}, whose progress the buffer reports to the promise's own
 * type) keep the listener.
 *
 * <p>The exchange is finished on the thread that completes the promise: the channel's event loop
 * for Netty's outbound buffer (as the listener was); a handler on another executor that completes
 * the write's promise itself finishes it on that executor's thread ({@link Pending} hands its
 * entry back for reuse only on the event loop, and an exchange may finish on any thread). Two
 * threads completing the same write at once are not expected (a write has one owner) and not
 * guarded against. The other methods are the application promise's, and as thread-safe as it is.
 */
final class EndingWritePromise implements ChannelPromise {

  private final ChannelPromise promise;
  /** The entry whose exchange the write ends; null once finished. */
  private @Nullable Pending ending;

  /**
   * Wraps {@code promise} (not a void one: the handler passes {@code unvoid()}) for the write that
   * ends {@code ending}'s response.
   */
  EndingWritePromise(ChannelPromise promise, Pending ending) {
    this.promise = promise;
    this.ending = ending;
  }

  /** Finishes the exchange with the application promise's outcome, the first time it is done. */
  private void finishIfDone() {
    Pending p = ending;
    if (p != null && promise.isDone()) {
      ending = null;
      p.operationComplete(promise);
    }
  }

  @Override
  public Channel channel() {
    return promise.channel();
  }

  @Override
  public ChannelPromise setSuccess(@Nullable Void result) {
    try {
      promise.setSuccess(null);
    } finally {
      finishIfDone();
    }
    return this;
  }

  @Override
  public ChannelPromise setSuccess() {
    return setSuccess(null);
  }

  @Override
  public boolean trySuccess() {
    return trySuccess(null);
  }

  @Override
  public boolean trySuccess(@Nullable Void result) {
    try {
      return promise.trySuccess(null);
    } finally {
      finishIfDone();
    }
  }

  @Override
  public ChannelPromise setFailure(Throwable cause) {
    try {
      promise.setFailure(cause);
    } finally {
      finishIfDone();
    }
    return this;
  }

  @Override
  public boolean tryFailure(Throwable cause) {
    try {
      return promise.tryFailure(cause);
    } finally {
      finishIfDone();
    }
  }

  @Override
  public boolean setUncancellable() {
    boolean uncancellable = promise.setUncancellable();
    if (!uncancellable) {
      finishIfDone(); // cancelled: the outbound buffer now drops the write without completing it
    }
    return uncancellable;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    try {
      return promise.cancel(mayInterruptIfRunning);
    } finally {
      finishIfDone();
    }
  }

  @Override
  public boolean isSuccess() {
    return promise.isSuccess();
  }

  @Override
  public boolean isCancellable() {
    return promise.isCancellable();
  }

  @Override
  public @Nullable Throwable cause() {
    return promise.cause();
  }

  @Override
  public boolean isCancelled() {
    return promise.isCancelled();
  }

  @Override
  public boolean isDone() {
    return promise.isDone();
  }

  @Override
  public @Nullable Void getNow() {
    return promise.getNow();
  }

  @Override
  public @Nullable Void get() throws InterruptedException, ExecutionException {
    return promise.get();
  }

  @Override
  public @Nullable Void get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return promise.get(timeout, unit);
  }

  @Override
  public ChannelPromise addListener(GenericFutureListener<? extends Future<? super Void>> listener) {
    promise.addListener(listener);
    return this;
  }

  @Override
  @SafeVarargs
  @SuppressWarnings("varargs")
  public final ChannelPromise addListeners(GenericFutureListener<? extends Future<? super Void>>... listeners) {
    promise.addListeners(listeners);
    return this;
  }

  @Override
  public ChannelPromise removeListener(GenericFutureListener<? extends Future<? super Void>> listener) {
    promise.removeListener(listener);
    return this;
  }

  @Override
  @SafeVarargs
  @SuppressWarnings("varargs")
  public final ChannelPromise removeListeners(GenericFutureListener<? extends Future<? super Void>>... listeners) {
    promise.removeListeners(listeners);
    return this;
  }

  @Override
  public ChannelPromise sync() throws InterruptedException {
    promise.sync();
    return this;
  }

  @Override
  public ChannelPromise syncUninterruptibly() {
    promise.syncUninterruptibly();
    return this;
  }

  @Override
  public ChannelPromise await() throws InterruptedException {
    promise.await();
    return this;
  }

  @Override
  public ChannelPromise awaitUninterruptibly() {
    promise.awaitUninterruptibly();
    return this;
  }

  @Override
  public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
    return promise.await(timeout, unit);
  }

  @Override
  public boolean await(long timeoutMillis) throws InterruptedException {
    return promise.await(timeoutMillis);
  }

  @Override
  public boolean awaitUninterruptibly(long timeout, TimeUnit unit) {
    return promise.awaitUninterruptibly(timeout, unit);
  }

  @Override
  public boolean awaitUninterruptibly(long timeoutMillis) {
    return promise.awaitUninterruptibly(timeoutMillis);
  }

  @Override
  public boolean isVoid() {
    return false;
  }

  @Override
  public ChannelPromise unvoid() {
    return this;
  }

  @Override
  public String toString() {
    return "EndingWritePromise[" + promise + "]";
  }
}
