package dev.bulwark.http;

import dev.bulwark.validation.Violation;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the edge's {@link EdgeListener} and the request's {@link EdgeSpan}, if there are any, how a
 * request ended. Without either each call is one field read and a null check, and no event is
 * built (nor the {@link RequestContext} they carry). A listener's, tracer's or span's exception is
 * logged and swallowed, so it can neither fail a request nor leak a permit.
 */
final class EdgeEvents {

  /** The module's logger; docs/logging.md lists its events. */
  static final Logger LOG = LoggerFactory.getLogger("dev.bulwark.http");

  private EdgeEvents() {}

  /** Takes a request's context when the route's edge listens, logs or identifies; null otherwise. */
  static @Nullable RequestContext context(CompiledRoute route, EdgeRequest request, String path) {
    return route.config.observed() ? RequestContext.of(route, request, path) : null;
  }

  /**
   * Starts a request's span when the edge has a tracer; null otherwise, or when the tracer does not
   * trace the request or throws (logged).
   */
  static @Nullable EdgeSpan startSpan(CompiledRoute route, String method, String path) {
    EdgeTracer tracer = route.config.tracer();
    if (tracer == null) {
      return null;
    }
    try {
      return tracer.start(route.name, method, path);
    } catch (RuntimeException e) {
      failed(tracer, route.name, e);
      return null;
    }
  }

  /** The span of a request that ends now: its own, or for {@link RequestContext#UNPARSED} a new one. */
  private static @Nullable EdgeSpan spanOf(CompiledRoute route, RequestContext context) {
    return context == RequestContext.UNPARSED ? startSpan(route, context.method, context.path) : context.span();
  }

  /** Tells a span of an event of its request; its exception is logged and swallowed. */
  static void tell(@Nullable EdgeSpan span, CompiledRoute route, EdgeEvent event) {
    if (span == null) {
      return;
    }
    try {
      span.event(event);
    } catch (RuntimeException e) {
      failed(span, route.name, e);
    }
  }

  /** Ends a span; its exception is logged and swallowed. */
  private static void end(@Nullable EdgeSpan span, CompiledRoute route, EdgeEvent.RequestFinished finished) {
    if (span == null) {
      return;
    }
    try {
      span.end(finished);
    } catch (RuntimeException e) {
      failed(span, route.name, e);
    }
  }

  /** Reports a request a gate answered, with its violations. */
  static void rejected(CompiledRoute route, @Nullable RequestContext context, EdgeRejection rejection) {
    RouteStatistics statistics = route.inFlight.statistics;
    if (statistics != null) {
      statistics.answered(rejection.gate(), rejection.status());
    }
    if (context == null) {
      return;
    }
    RequestLogger log = route.config.requestLogger();
    if (log != null) {
      log.rejected(route, context, rejection);
    }
    EdgeListener listener = route.config.listener();
    EdgeSpan span = spanOf(route, context);
    if (listener == null && span == null) {
      return;
    }
    List<Violation> violations = rejection.violations();
    for (int i = 0; i < violations.size(); i++) {
      Violation v = violations.get(i);
      EdgeEvent.ViolationFound found = new EdgeEvent.ViolationFound(route.name, context.clientAddress,
          context.clientKey, context.method, context.path, v.code(), v.field());
      tell(span, route, found);
      notify(listener, route, found);
    }
    EdgeEvent.RequestFinished finished = new EdgeEvent.RequestFinished(route.name, context.clientAddress,
        context.clientKey, context.method, context.path, EdgeOutcome.of(rejection.gate()), rejection.status(),
        context.elapsedNanos(route), context.declaredBytes, rejection.bodyLength(), rejection.gate());
    end(span, route, finished);
    notify(listener, route, finished);
  }

  /** Tells the listener, if there is one, of an event; its exception is logged and swallowed. */
  static void notify(@Nullable EdgeListener listener, CompiledRoute route, EdgeEvent event) {
    if (listener == null) {
      return;
    }
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      failed(listener, route.name, e);
    }
  }

  /** Reports an admitted request the adapter finished. */
  static void finished(CompiledRoute route, @Nullable RequestContext context, EdgeOutcome outcome, int status,
      long requestBytes, long responseBytes) {
    RouteStatistics statistics = route.inFlight.statistics;
    if (statistics != null) {
      statistics.finished(status);
    }
    if (context == null) {
      return;
    }
    long nanos = context.elapsedNanos(route);
    if (nanos >= route.slowWarnNanos) {
      RequestLogger.finished(route, context, status, nanos);
    }
    EdgeListener listener = route.config.listener();
    EdgeSpan span = context.span();
    if (listener == null && span == null) {
      return;
    }
    EdgeEvent.RequestFinished finished = new EdgeEvent.RequestFinished(route.name, context.clientAddress,
        context.clientKey, context.method, context.path, outcome, status, nanos,
        requestBytes >= 0 ? requestBytes : context.declaredBytes, responseBytes, null);
    end(span, route, finished);
    notify(listener, route, finished);
  }

  static void failed(Object listener, String route, RuntimeException e) {
    LOG.atWarn()
        .setMessage("edge listener {} threw on a request of route '{}'")
        .addArgument(listener)
        .addArgument(route)
        .addKeyValue("event", "edge_listener_failed")
        .addKeyValue("route", route)
        .addKeyValue("listener", String.valueOf(listener))
        .setCause(e)
        .log();
  }
}
