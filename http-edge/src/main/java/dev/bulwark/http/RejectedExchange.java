package dev.bulwark.http;

import dev.bulwark.headers.ResponseHeader;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** An exchange a gate answered: it holds nothing, so finishing it does nothing. */
final class RejectedExchange implements EdgeExchange {

  private final String routeName;
  private final String path;
  private final EdgeRequest request;
  private final ClientIpResolver resolver;
  private final EdgeRejection rejection;
  private final List<String> headersToRemove;
  private final @Nullable String requestId;

  RejectedExchange(
      String routeName,
      String path,
      EdgeRequest request,
      ClientIpResolver resolver,
      EdgeRejection rejection,
      List<String> headersToRemove,
      @Nullable String requestId) {
    this.routeName = routeName;
    this.path = path;
    this.request = request;
    this.resolver = resolver;
    this.rejection = rejection;
    this.headersToRemove = headersToRemove;
    this.requestId = requestId;
  }

  @Override
  public boolean admitted() {
    return false;
  }

  @Override
  public EdgeRejection rejection() {
    return rejection;
  }

  @Override
  public String routeName() {
    return routeName;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String clientAddress() {
    return resolver.resolve(request);
  }

  @Override
  public void writeHeaders(EdgeResponse response) {
    Objects.requireNonNull(response, "response");
    List<ResponseHeader> headers = rejection.headers();
    AdmittedExchange.writeAll(response, headers);
    response.removeHeaders(headersToRemove);
  }

  @Override
  public @Nullable String requestId() {
    return requestId;
  }

  @Override
  public @Nullable EdgeSpan span() {
    return null;
  }

  @Override
  public EdgeSpan.Scope openScope() {
    return EdgeSpan.Scope.NONE;
  }

  @Override
  public @Nullable String cspNonce() {
    return null;
  }

  @Override
  public boolean wantsBody() {
    return false;
  }

  @Override
  public @Nullable EdgeRejection checkBody(CharSequence body) {
    Objects.requireNonNull(body, "body");
    return null;
  }

  @Override
  public long maxBodyBytes() {
    return -1;
  }

  @Override
  public long bodyLimit() {
    return -1;
  }

  @Override
  public EdgeRejection refuseOversizedBody() {
    throw new IllegalStateException(this + " was rejected: send its rejection instead");
  }

  @Override
  public @Nullable EdgeRejection checkBody(byte[] body, int length) {
    Objects.checkFromIndexSize(0, length, body.length);
    return null;
  }

  @Override
  public void complete(int status) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be 100 to 599 but was " + status);
    }
  }

  @Override
  public void complete(int status, long requestBytes, long responseBytes) {
    complete(status);
  }

  @Override
  public void fail(Throwable error) {
    Objects.requireNonNull(error, "error");
  }

  @Override
  public void cancel() {}

  @Override
  public String toString() {
    return "EdgeExchange[" + rejection + ", " + routeName + "]";
  }

  @Override
  public EdgeConnection upgrade(Runnable goAway) {
    throw new IllegalStateException("a rejected exchange cannot be upgraded: " + rejection);
  }

  @Override
  public ErrorResponse applicationError(Throwable error) {
    Objects.requireNonNull(error, "error");
    throw new IllegalStateException("a rejected exchange has no handler to fail: " + this);
  }
}
