package dev.bulwark.http.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLSession;

/**
 * Turns the final response of a call into the caller's type: a body the caller's handler already
 * made is passed through; a {@link BufferedBody} (the final response had a retryable status) is fed
 * to the caller's handler as if it came from the network.
 */
final class BodyReplay {

  private BodyReplay() {}

  /** True when the response's body was made by the caller's handler (not buffered by the client). */
  static boolean isCallersBody(HttpResponse<Object> response) {
    return !(response.body() instanceof BufferedBody);
  }

  /** The response as the caller's type; only for {@link #isCallersBody} responses. */
  @SuppressWarnings("unchecked") // the body was made by the caller's handler, so it is a T
  static <T> HttpResponse<T> cast(HttpResponse<Object> response) {
    return (HttpResponse<T>) (HttpResponse<?>) response;
  }

  /** The caller's response: the same object when its body is already the caller's type. */
  static <T> CompletionStage<HttpResponse<T>> finish(HttpResponse<Object> response, BodyHandler<T> handler) {
    if (isCallersBody(response)) {
      return CompletableFuture.completedFuture(cast(response));
    }
    byte[] bytes = ((BufferedBody) response.body()).bytes;
    BodySubscriber<T> subscriber = handler.apply(new Info(response));
    subscriber.onSubscribe(new OneShot(subscriber, bytes));
    return subscriber.getBody().thenApply(t -> new Replayed<>(response, t));
  }

  /** Publishes the buffered bytes as one buffer when asked, then completes. */
  private static final class OneShot implements Flow.Subscription {
    private final BodySubscriber<?> subscriber;
    private final byte[] bytes;
    private boolean done;
    private boolean delivering;

    OneShot(BodySubscriber<?> subscriber, byte[] bytes) {
      this.subscriber = subscriber;
      this.bytes = bytes;
      if (bytes.length == 0) {
        done = true;
        subscriber.onComplete();
      }
    }

    @Override
    public synchronized void request(long n) {
      if (done || delivering) {
        return;
      }
      if (n <= 0) {
        done = true;
        subscriber.onError(new IllegalArgumentException("request(" + n + ") must be positive"));
        return;
      }
      delivering = true;
      subscriber.onNext(List.of(ByteBuffer.wrap(bytes).asReadOnlyBuffer()));
      done = true;
      subscriber.onComplete();
    }

    @Override
    public synchronized void cancel() {
      done = true;
    }
  }

  private static final class Info implements HttpResponse.ResponseInfo {
    private final HttpResponse<?> response;

    Info(HttpResponse<?> response) {
      this.response = response;
    }

    @Override
    public int statusCode() {
      return response.statusCode();
    }

    @Override
    public HttpHeaders headers() {
      return response.headers();
    }

    @Override
    public HttpClient.Version version() {
      return response.version();
    }
  }

  /** The final response with the body the caller's handler made from the buffered bytes. */
  private static final class Replayed<T> implements HttpResponse<T> {
    private final HttpResponse<Object> response;
    private final T body;

    Replayed(HttpResponse<Object> response, T body) {
      this.response = response;
      this.body = body;
    }

    @Override
    public int statusCode() {
      return response.statusCode();
    }

    @Override
    public HttpRequest request() {
      return response.request();
    }

    @SuppressWarnings("unchecked") // earlier responses (redirects) carry no body
    @Override
    public Optional<HttpResponse<T>> previousResponse() {
      return response.previousResponse().map(r -> (HttpResponse<T>) (HttpResponse<?>) r);
    }

    @Override
    public HttpHeaders headers() {
      return response.headers();
    }

    @Override
    public T body() {
      return body;
    }

    @Override
    public Optional<SSLSession> sslSession() {
      return response.sslSession();
    }

    @Override
    public URI uri() {
      return response.uri();
    }

    @Override
    public HttpClient.Version version() {
      return response.version();
    }

    @Override
    public String toString() {
      return response.toString();
    }
  }
}
