package dev.bulwark.http.client;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Flow;

/**
 * Which request bodies can be sent again: a retry sends the same {@link BodyPublisher} once more,
 * so the publisher must produce the same bytes for every subscriber. A request whose body is not
 * known to be replayable is sent once: its retry is refused.
 *
 * <p>Known replayable: no body, {@code BodyPublishers.noBody()}, {@code ofString},
 * {@code ofByteArray} (both forms) and {@code ofFile} (the file is read again; it must not change
 * between attempts). Not known replayable: {@code ofInputStream} (replayable only if its supplier
 * returns a new stream each time), {@code ofByteArrays} (only if its {@code Iterable} can be walked
 * again), {@code fromPublisher}, {@code concat} and any other publisher. Wrap such a body in
 * {@link #replayable(BodyPublisher)} when you know that every subscription sees the same bytes.
 *
 * <p>Stateless and thread-safe.
 */
public final class ReplayableBodies {

  /** The JDK's publishers that hold their bytes (or re-read a file) for every subscriber. */
  private static final Set<String> JDK_REPLAYABLE = Set.of(
      "jdk.internal.net.http.RequestPublishers$ByteArrayPublisher",
      "jdk.internal.net.http.RequestPublishers$StringPublisher",
      "jdk.internal.net.http.RequestPublishers$EmptyPublisher",
      "jdk.internal.net.http.RequestPublishers$FilePublisher");

  private ReplayableBodies() {}

  /**
   * Declares a body replayable: the caller promises that each subscription to {@code body}
   * publishes the same bytes. The returned publisher delegates everything to {@code body}.
   *
   * @param body the body
   * @return a publisher the {@link ResilientHttpClient} may send more than once
   * @throws NullPointerException if {@code body} is null
   */
  public static BodyPublisher replayable(BodyPublisher body) {
    Objects.requireNonNull(body, "body");
    return body instanceof Replayable ? body : new Replayable(body);
  }

  /**
   * Returns whether a request's body may be sent again.
   *
   * @param request the request
   * @return true for a request without a body, with a JDK publisher known to be replayable, or
   *     with one wrapped by {@link #replayable(BodyPublisher)}
   * @throws NullPointerException if {@code request} is null
   */
  public static boolean isReplayable(HttpRequest request) {
    Objects.requireNonNull(request, "request");
    return request.bodyPublisher().map(ReplayableBodies::isReplayable).orElse(Boolean.TRUE);
  }

  private static boolean isReplayable(BodyPublisher body) {
    return body instanceof Replayable
        || body.contentLength() == 0
        || JDK_REPLAYABLE.contains(body.getClass().getName());
  }

  /** A publisher its caller declared replayable. */
  private static final class Replayable implements BodyPublisher {
    private final BodyPublisher delegate;

    Replayable(BodyPublisher delegate) {
      this.delegate = delegate;
    }

    @Override
    public long contentLength() {
      return delegate.contentLength();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
      delegate.subscribe(subscriber);
    }

    @Override
    public String toString() {
      return "replayable(" + delegate + ")";
    }
  }
}
