package dev.bulwark.http;

/**
 * Observes the requests an {@link Edge} handles, for metrics ({@code micrometer-metrics}'
 * {@code EdgeMetrics}), logs, or the caller's own accounting. Set one with
 * {@link EdgeBuilder#listener(EdgeListener)}; an edge without a listener pays one null check per
 * request for this hook and builds no event.
 *
 * <h2>When it is called</h2>
 * Every request is reported once as an {@link EdgeEvent.RequestFinished}, on the thread that ends
 * it:
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
 * Each validation violation behind a refusal is reported as an {@link EdgeEvent.ViolationFound},
 * before the request's {@code RequestFinished}, in the order of {@link EdgeRejection#violations()}.
 *
 * <h2>Contract for implementations</h2>
 * Called on request threads, concurrently: implementations must be thread-safe and fast, and
 * should not block. An exception thrown by a listener is logged ({@code event=edge_listener_failed},
 * WARN, logger {@code dev.bulwark.http}) and swallowed: the request goes on as if there were no
 * listener.
 *
 * <pre>{@code
 * Edge.builder().listener(event -> {
 *   if (event instanceof EdgeEvent.RequestFinished f && f.gate() != null) {
 *     log.info("{} refused {} {} for {}", f.gate(), f.method(), f.path(), f.clientKey());
 *   }
 * });
 * }</pre>
 */
@FunctionalInterface
public interface EdgeListener {

  /**
   * Receives one event.
   *
   * @param event what happened, with the request's context
   */
  void onEvent(EdgeEvent event);
}
