package dev.bulwark.http;

import dev.bulwark.validation.Violation;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the edge's {@link EdgeListener}, if there is one, how a request ended. Without a listener
 * each call is one field read and a null check, and no event is built (nor the
 * {@link RequestContext} they carry). A listener's exception is logged and swallowed, so it can
 * neither fail a request nor leak a permit.
 */
final class EdgeEvents {

  /** The module's logger; docs/logging.md lists its events. */
  static final Logger LOG = LoggerFactory.getLogger("dev.bulwark.http");

  private EdgeEvents() {}

  /** Takes a request's context when the route's edge listens, logs or identifies; null otherwise. */
  static @Nullable RequestContext context(CompiledRoute route, EdgeRequest request, String path) {
    return route.config.observed() ? RequestContext.of(route, request, path) : null;
  }

  /** Reports a request a gate answered, with its violations. */
  static void rejected(CompiledRoute route, @Nullable RequestContext context, EdgeRejection rejection) {
    if (context == null) {
      return;
    }
    RequestLogger log = route.config.requestLogger();
    if (log != null) {
      log.rejected(route, context, rejection);
    }
    EdgeListener listener = route.config.listener();
    if (listener == null) {
      return;
    }
    try {
      List<Violation> violations = rejection.violations();
      for (int i = 0; i < violations.size(); i++) {
        Violation v = violations.get(i);
        listener.onEvent(new EdgeEvent.ViolationFound(route.name, context.clientAddress, context.clientKey,
            context.method, context.path, v.code(), v.field()));
      }
      listener.onEvent(new EdgeEvent.RequestFinished(route.name, context.clientAddress, context.clientKey,
          context.method, context.path, EdgeOutcome.of(rejection.gate()), rejection.status(),
          context.elapsedNanos(route), context.declaredBytes, rejection.bodyLength(),
          rejection.gate()));
    } catch (RuntimeException e) {
      failed(listener, route.name, e);
    }
  }

  /** Reports an admitted request the adapter finished. */
  static void finished(CompiledRoute route, @Nullable RequestContext context, EdgeOutcome outcome, int status,
      long requestBytes, long responseBytes) {
    if (context == null) {
      return;
    }
    long nanos = context.elapsedNanos(route);
    if (nanos >= route.slowWarnNanos) {
      RequestLogger.finished(route, context, status, nanos);
    }
    EdgeListener listener = route.config.listener();
    if (listener == null) {
      return;
    }
    try {
      listener.onEvent(new EdgeEvent.RequestFinished(route.name, context.clientAddress, context.clientKey,
          context.method, context.path, outcome, status, nanos,
          requestBytes >= 0 ? requestBytes : context.declaredBytes, responseBytes, null));
    } catch (RuntimeException e) {
      failed(listener, route.name, e);
    }
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
