package dev.bulwark.http;

import dev.bulwark.validation.Violation;

/**
 * Observes the requests an {@link Edge} handles, for metrics ({@code micrometer-metrics}'
 * {@code EdgeMetrics}) or the caller's own accounting. Set one with
 * {@link EdgeBuilder#listener(EdgeListener)}; an edge without a listener pays one null check per
 * request for this hook.
 *
 * <h2>When each method is called</h2>
 * Every request is reported once to {@link #requestFinished}, on the thread that ends it:
 * <ul>
 *   <li>a request a gate answers, from {@link Edge#begin} (outcome named after the gate, the
 *       rejection's status: 204 or 403 for CORS, 429, 503, 400, 413, 415);
 *   <li>an admitted request when it is finished: {@link EdgeExchange#complete} reports
 *       {@link EdgeOutcome#ADMITTED} with the status given, {@link EdgeExchange#fail}
 *       {@link EdgeOutcome#FAILED} with 500, {@link EdgeExchange#cancel}
 *       {@link EdgeOutcome#CANCELLED} with 0, and a body refused by
 *       {@link EdgeExchange#checkBody} {@link EdgeOutcome#VALIDATION} with 400 or 413. Only the
 *       call that finishes the exchange reports; an exchange never finished is never reported.
 * </ul>
 * Each validation violation behind a refusal is reported to {@link #violation}, before
 * {@link #requestFinished}, in the order of {@link EdgeRejection#violations()}.
 *
 * <h2>Contract for implementations</h2>
 * Called on request threads, concurrently: implementations must be thread-safe, fast, and should
 * not allocate or block. Arguments are primitives, enums and the route's name (the same
 * {@code String} instance for every request of a route). An exception thrown by a listener is
 * logged ({@code event=edge_listener_failed}, WARN, logger {@code dev.bulwark.http}) and swallowed:
 * the request goes on as if there were no listener.
 */
public interface EdgeListener {

  /**
   * A request ended. Does nothing by default.
   *
   * @param route the name of the route that handled it ({@code "default"} for the built-in default
   *     route)
   * @param outcome how it ended
   * @param status the status sent: 100 to 599, or 0 for {@link EdgeOutcome#CANCELLED}
   */
  default void requestFinished(String route, EdgeOutcome outcome, int status) {}

  /**
   * The validation gate found a violation in a request it refuses. Does nothing by default.
   *
   * @param route the name of the route
   * @param code the rule broken
   */
  default void violation(String route, Violation.Code code) {}
}
