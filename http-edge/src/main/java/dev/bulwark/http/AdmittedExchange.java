package dev.bulwark.http;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.headers.ContentSecurityPolicy;
import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.ratelimit.ConcurrencyLimiter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An exchange every gate admitted. It holds the route's concurrency permit and breaker ticket
 * until the first of {@link #complete}, {@link #fail}, {@link #cancel} or a failed
 * {@link #checkBody} wins a compare-and-set on {@code finished}; later calls do nothing. That one
 * CAS is the whole idempotence argument: the permit is closed and the breaker told exactly once,
 * whatever threads race, so the limiter's in-flight count returns to its value before the request.
 */
final class AdmittedExchange implements EdgeExchange {

  private static final VarHandle FINISHED;

  static {
    try {
      FINISHED = MethodHandles.lookup().findVarHandle(AdmittedExchange.class, "finished", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The detail of every application error's body. */
  static final String APPLICATION_ERROR_DETAIL = "The server could not complete the request.";

  private final CompiledRoute route;
  /** The request's view, for what is read only when asked: the client address, the body's type. */
  private final EdgeRequest request;
  private final boolean secure;
  private final String path;
  private final @Nullable String nonce;
  private final List<ResponseHeader> corsHeaders;
  private final @Nullable RateOutcome rate;
  private final ConcurrencyLimiter.@Nullable Permit permit;
  private final long ticket;
  private final long startNanos;
  /** What the listener is told besides the outcome; null when the edge has no listener. */
  private final @Nullable RequestContext context;

  @SuppressWarnings("unused") // accessed through FINISHED
  private volatile boolean finished;

  AdmittedExchange(
      CompiledRoute route,
      EdgeRequest request,
      boolean secure,
      String path,
      @Nullable String nonce,
      List<ResponseHeader> corsHeaders,
      @Nullable RateOutcome rate,
      ConcurrencyLimiter.@Nullable Permit permit,
      long ticket,
      long startNanos,
      @Nullable RequestContext context) {
    this.route = route;
    this.request = request;
    this.secure = secure;
    this.path = path;
    this.nonce = nonce;
    this.corsHeaders = corsHeaders;
    this.rate = rate;
    this.permit = permit;
    this.ticket = ticket;
    this.startNanos = startNanos;
    this.context = context;
  }

  @Override
  public boolean admitted() {
    return true;
  }

  @Override
  public @Nullable EdgeRejection rejection() {
    return null;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String clientAddress() {
    return route.config.resolver().resolve(request);
  }

  @Override
  public String routeName() {
    return route.name;
  }

  @Override
  public void writeHeaders(EdgeResponse response) {
    Objects.requireNonNull(response, "response");
    SecurityHeaders headers = route.securityHeaders;
    // The same list on every response of this route (see EdgeResponse), then the nonce's headers.
    response.setHeaders(headers.fixedHeadersFor(secure));
    String n = nonce;
    if (n != null) {
      List<ContentSecurityPolicy> policies = headers.noncePoliciesFor(secure);
      for (int i = 0; i < policies.size(); i++) {
        ContentSecurityPolicy policy = policies.get(i);
        response.setHeader(policy.headerName(), policy.headerValue(n));
      }
    }
    writeAll(response, corsHeaders);
    RateOutcome r = rate;
    if (r != null) {
      RateLimitFields.writeTo(response, r, route.config);
    }
    RequestContext c = context;
    RequestIds ids = route.config.requestIds();
    if (ids != null && c != null && c.requestId != null) {
      response.setHeader(ids.headerName(), c.requestId);
    }
    response.removeHeaders(route.securityHeaders.headersToRemove());
  }

  @Override
  public @Nullable String requestId() {
    RequestContext c = context;
    return c == null ? null : c.requestId;
  }

  @Override
  public @Nullable EdgeSpan span() {
    RequestContext c = context;
    return c == null ? null : c.span();
  }

  @Override
  public EdgeSpan.Scope openScope() {
    EdgeSpan span = span();
    if (span == null) {
      return EdgeSpan.Scope.NONE;
    }
    try {
      return span.open();
    } catch (RuntimeException e) {
      EdgeEvents.failed(span, route.name, e);
      return EdgeSpan.Scope.NONE;
    }
  }

  /** Writes headers: {@code Vary} is added to what the response has, the rest replaced. */
  static void writeAll(EdgeResponse response, List<ResponseHeader> headers) {
    for (int i = 0; i < headers.size(); i++) {
      ResponseHeader h = headers.get(i);
      if (h.hasName("Vary")) {
        response.addHeader(h.name(), h.value());
      } else {
        response.setHeader(h.name(), h.value());
      }
    }
  }

  @Override
  public @Nullable String cspNonce() {
    return nonce;
  }

  @Override
  public boolean wantsBody() {
    ValidationGate v = route.validation;
    return v != null && v.checksBody() && !route.shadowValidation;
  }

  @Override
  public long maxBodyBytes() {
    ValidationGate v = route.validation;
    return v != null && v.checksBody() && !route.shadowValidation ? v.maxBodyBytes() : -1;
  }

  @Override
  public long bodyLimit() {
    ValidationGate v = route.validation;
    return v == null || route.shadowValidation ? -1 : v.bodyLimit();
  }

  @Override
  public EdgeRejection refuseOversizedBody() {
    long limit = bodyLimit();
    if (limit < 0) {
      throw new IllegalStateException("the route of " + this + " sets no body limit");
    }
    return Objects.requireNonNull(refuseBody(ValidationGate.bodyOver(limit)));
  }

  @Override
  public @Nullable EdgeRejection checkBody(CharSequence body) {
    Objects.requireNonNull(body, "body");
    ValidationGate v = route.validation;
    return refuseBody(v == null ? null : v.checkBody(body, request.contentType()));
  }

  @Override
  public @Nullable EdgeRejection checkBody(byte[] body, int length) {
    Objects.checkFromIndexSize(0, length, body.length);
    RequestContext c = context;
    if (c != null && c != RequestContext.UNPARSED) {
      c.bodyBytesRead = length;
    }
    ValidationGate v = route.validation;
    return refuseBody(v == null ? null : v.checkBody(body, length, request.contentType()));
  }

  /** Finishes the exchange and renders the refusal when a body check failed. */
  private @Nullable EdgeRejection refuseBody(ValidationGate.@Nullable Invalid invalid) {
    if (invalid == null) {
      return null;
    }
    if (route.shadowValidation) {
      if (!finished) {
        route.shadowRejected(context, EdgeGate.VALIDATION, invalid.status());
      }
      return null;
    }
    boolean finishes = FINISHED.compareAndSet(this, false, true);
    if (finishes) {
      giveBack();
    }
    EdgeRejection rejection = Rejections.of(route, secure, path, nonce,
        Refusal.invalid(invalid), corsHeaders, rate, context);
    if (finishes) {
      EdgeEvents.rejected(route, context, rejection);
    }
    return rejection;
  }

  @Override
  public void complete(int status) {
    complete(status, -1, -1);
  }

  @Override
  public void complete(int status, long requestBytes, long responseBytes) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be 100 to 599 but was " + status);
    }
    if (!FINISHED.compareAndSet(this, false, true)) {
      return;
    }
    try {
      CircuitBreaker breaker = route.breaker;
      if (breaker != null && ticket != CircuitBreaker.NOT_PERMITTED) {
        long duration = route.config.ticker().read() - startNanos;
        if (status >= 500) {
          breaker.onError(ticket, duration, new ServerErrorException(status));
        } else {
          breaker.onSuccess(ticket, duration);
        }
      }
    } finally {
      closePermit();
      EdgeEvents.finished(route, context, EdgeOutcome.ADMITTED, status, requestBytes(requestBytes),
          Math.max(-1, responseBytes));
    }
  }

  @Override
  public void fail(Throwable error) {
    Objects.requireNonNull(error, "error");
    if (!FINISHED.compareAndSet(this, false, true)) {
      return;
    }
    try {
      CircuitBreaker breaker = route.breaker;
      if (breaker != null && ticket != CircuitBreaker.NOT_PERMITTED) {
        breaker.onError(ticket, route.config.ticker().read() - startNanos, error);
      }
    } finally {
      closePermit();
      EdgeEvents.finished(route, context, EdgeOutcome.FAILED, 500, requestBytes(-1), -1);
    }
  }

  @Override
  public void cancel() {
    if (FINISHED.compareAndSet(this, false, true)) {
      giveBack();
      EdgeEvents.finished(route, context, EdgeOutcome.CANCELLED, 0, requestBytes(-1), 0);
    }
  }

  /** The request body's size for the listener: the adapter's count, else what the edge read. */
  private long requestBytes(long counted) {
    RequestContext c = context;
    return counted >= 0 || c == null ? counted : c.bodyBytesRead;
  }

  /** Releases everything without recording an outcome. */
  private void giveBack() {
    try {
      CircuitBreaker breaker = route.breaker;
      if (breaker != null && ticket != CircuitBreaker.NOT_PERMITTED) {
        breaker.releasePermission(ticket);
      }
    } finally {
      closePermit();
    }
  }

  /** Releases the concurrency permit and counts the request out of the edge's in-flight work. */
  private void closePermit() {
    try {
      ConcurrencyLimiter.Permit p = permit;
      if (p != null) {
        p.close();
      }
    } finally {
      route.inFlight.exit();
    }
  }

  @Override
  public EdgeConnection upgrade(Runnable goAway) {
    Objects.requireNonNull(goAway, "goAway");
    if (!FINISHED.compareAndSet(this, false, true)) {
      return new EdgeConnection(route.name, route.connectionPolicy, AdmittedExchange::nothing, route.inFlight, goAway, true);
    }
    ConcurrencyLimiter.Permit p = permit;
    EdgeConnection connection = new EdgeConnection(route.name, route.connectionPolicy,
        p == null ? AdmittedExchange::nothing : p::close, route.inFlight, goAway, false);
    route.inFlight.opened(connection);
    try {
      CircuitBreaker breaker = route.breaker;
      if (breaker != null) {
        breaker.onSuccess(ticket, route.config.ticker().read() - startNanos);
      }
    } finally {
      EdgeEvents.finished(route, context, EdgeOutcome.ADMITTED, Statuses.SWITCHING_PROTOCOLS,
          requestBytes(-1), 0);
    }
    return connection;
  }

  /** The release of a connection that holds no permit. */
  private static void nothing() {}

  @Override
  public String toString() {
    return "EdgeExchange[admitted, " + route.name + (finished ? ", finished" : "") + "]";
  }

  @Override
  public ErrorResponse applicationError(Throwable error) {
    Objects.requireNonNull(error, "error");
    EdgeEvents.LOG.atError()
        .setMessage("the handler of route {} failed on {} {}; answering 500")
        .addArgument(route.name)
        .addArgument(request.method())
        .addArgument(path)
        .addKeyValue("event", "application_error")
        .addKeyValue("route", route.name)
        .setCause(error)
        .log();
    ErrorBody body = ErrorBody.builder(Statuses.INTERNAL_SERVER_ERROR)
        .detail(APPLICATION_ERROR_DETAIL)
        .instance(path)
        .timestamp(route.config.clock().instant())
        .route(route.name)
        .build();
    ErrorBodies.Rendered rendered = ErrorBodies.render(route.errorBodyWriter, body);
    return new ErrorResponse(Statuses.INTERNAL_SERVER_ERROR, rendered.contentType(), rendered.bytes());
  }
}
