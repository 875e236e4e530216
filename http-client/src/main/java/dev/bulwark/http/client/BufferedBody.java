package dev.bulwark.http.client;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The body of a response with a retryable status, read into memory (at most {@link #LIMIT}
 * bytes) instead of being handed to the caller's body handler. If the attempt is retried the bytes
 * are dropped: the connection was read to the end (or closed), so nothing is left for the caller to
 * close. If the response is the call's final one, {@link BodyReplay} feeds the bytes to the
 * caller's handler.
 */
final class BufferedBody {

  /** The most bytes kept of a retryable response's body; a longer body is cut here. */
  static final int LIMIT = 64 * 1024;

  final byte[] bytes;

  BufferedBody(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * A subscriber that keeps up to {@link #LIMIT} bytes and then cancels the subscription (the
   * client closes the connection), so that a large or endless error body never ties up memory
   * or the caller.
   */
  static final class Subscriber implements BodySubscriber<Object> {
    private final CompletableFuture<Object> body = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Flow.@org.jspecify.annotations.Nullable Subscription subscription;

    @Override
    public CompletionStage<Object> getBody() {
      return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      if (body.isDone()) {
        return;
      }
      for (ByteBuffer b : buffers) {
        int take = Math.min(b.remaining(), LIMIT - out.size());
        byte[] chunk = new byte[take];
        b.get(chunk);
        out.write(chunk, 0, take);
        if (out.size() >= LIMIT) {
          body.complete(new BufferedBody(out.toByteArray()));
          Flow.Subscription s = subscription;
          if (s != null) {
            s.cancel();
          }
          return;
        }
      }
    }

    @Override
    public void onError(Throwable failure) {
      body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
      body.complete(new BufferedBody(out.toByteArray()));
    }
  }
}
