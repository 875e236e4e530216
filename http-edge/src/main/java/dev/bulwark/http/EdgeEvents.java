package dev.bulwark.http;

import dev.bulwark.validation.Violation;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the edge's {@link EdgeListener}, if there is one, how a request ended. Without a listener
 * each call is one field read and a null check; with one, nothing is allocated here. A listener's
 * exception is logged and swallowed, so it can neither fail a request nor leak a permit.
 */
final class EdgeEvents {

  /** The module's logger; docs/logging.md lists its events. */
  static final Logger LOG = LoggerFactory.getLogger("dev.bulwark.http");

  private EdgeEvents() {}

  /** Reports a request a gate answered, with its violations. */
  static void rejected(CompiledRoute route, EdgeRejection rejection) {
    EdgeListener listener = route.config.listener();
    if (listener == null) {
      return;
    }
    try {
      List<Violation> violations = rejection.violations();
      for (int i = 0; i < violations.size(); i++) {
        listener.violation(route.name, violations.get(i).code());
      }
      listener.requestFinished(route.name, EdgeOutcome.of(rejection.gate()), rejection.status());
    } catch (RuntimeException e) {
      failed(listener, route.name, e);
    }
  }

  /** Reports an admitted request the adapter finished. */
  static void finished(CompiledRoute route, EdgeOutcome outcome, int status) {
    EdgeListener listener = route.config.listener();
    if (listener == null) {
      return;
    }
    try {
      listener.requestFinished(route.name, outcome, status);
    } catch (RuntimeException e) {
      failed(listener, route.name, e);
    }
  }

  private static void failed(Object listener, String route, RuntimeException e) {
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
