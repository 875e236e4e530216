package dev.bulwark.http.client;

import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.ResponseInfo;

/**
 * The body handler of each attempt of a call that may be retried: a response with a retryable
 * status is read into a {@link BufferedBody} (so a retried attempt's body is consumed and dropped
 * by the client, never handed to the caller); any other response goes to the caller's handler.
 */
final class AttemptBodyHandler implements BodyHandler<Object> {

  private final BodyHandler<?> handler;
  private final HttpPolicy policy;

  AttemptBodyHandler(BodyHandler<?> handler, HttpPolicy policy) {
    this.handler = handler;
    this.policy = policy;
  }

  @SuppressWarnings("unchecked") // BodySubscriber<T> as BodySubscriber<Object>: it only produces
  @Override
  public BodySubscriber<Object> apply(ResponseInfo info) {
    if (policy.isRetryStatus(info.statusCode())) {
      return new BufferedBody.Subscriber();
    }
    return (BodySubscriber<Object>) handler.apply(info);
  }
}
