package dev.bulwark.http;

import dev.bulwark.validation.Violation;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link Edge} tells its {@link EdgeListener}: a request ended ({@link RequestFinished}),
 * the validation gate found a violation in a request it refuses ({@link ViolationFound}), or a gate
 * in shadow mode would have refused a request it let through ({@link ShadowRejected}). Each
 * event carries the request's context as the edge saw it, so that a listener can attribute it to
 * a route and a client without any per-request state of its own.
 *
 * <p>Events are built only when the edge has a listener; an edge without one allocates nothing for
 * them. Events are immutable values.
 */
public sealed interface EdgeEvent permits EdgeEvent.RequestFinished, EdgeEvent.ViolationFound,
    EdgeEvent.ShadowRejected {

  /**
   * Returns the name of the route that handled the request.
   *
   * @return the route's name ({@code "default"} for the built-in default route); the same
   *     {@code String} instance for every request of a route
   */
  String route();

  /**
   * Returns the client's IP address as the edge's {@link ClientIpResolver} resolved it when the
   * request began.
   *
   * @return the IP literal without port or brackets; empty for a request the server could not
   *     parse ({@link Edge#protocolError})
   */
  String clientAddress();

  /**
   * Returns the client key: the key under which the route's rate and concurrency limits count the
   * request, as the route's {@code key(...)} rule resolves it (by default the client address; for
   * a header rule, the prefixed header value or its hash).
   *
   * @return the key; empty for a request the server could not parse
   */
  String clientKey();

  /**
   * Returns the request's method.
   *
   * @return such as {@code "GET"}; empty for a request the server could not parse
   */
  String method();

  /**
   * Returns the path the edge routed: the canonical path of {@link EdgeExchange#path()} (for a
   * request refused for its path's spelling, the path as received).
   *
   * @return the path, such as {@code "/api/search"}
   */
  String path();

  /**
   * A request ended: answered by a gate, or admitted and finished by the adapter. Reported once
   * per request, on the thread that ends it; see {@link EdgeListener} for when.
   *
   * @param route the route's name
   * @param clientAddress the client's IP address (see {@link EdgeEvent#clientAddress()})
   * @param clientKey the client key (see {@link EdgeEvent#clientKey()})
   * @param method the request's method
   * @param path the path routed
   * @param outcome how it ended
   * @param status the status sent: 100 to 599, or 0 for {@link EdgeOutcome#CANCELLED}
   * @param durationNanos nanoseconds on the edge's {@code Ticker} from {@link Edge#begin} to the
   *     end: the gates' time for a refused request, the whole exchange for an admitted one; 0 for
   *     a request the server could not parse
   * @param requestBytes the request body's size in bytes as far as it is known: the length the
   *     adapter counted or the edge read, else the declared {@code Content-Length} (0 for a request
   *     with neither a length nor a {@code Transfer-Encoding}, which has no body); -1 when unknown
   * @param responseBytes the response body's size in bytes: the rejection's body for a request a
   *     gate answered, else what the adapter reports (the Netty adapter counts the bytes written;
   *     the servlet adapter on Jetty 12 ee10 reports the container's count of the bytes the
   *     application wrote, elsewhere the response's {@code Content-Length} when the container shows
   *     it as the exchange ends, and 0 for a response without a body: to a {@code HEAD}, a 1xx,
   *     204 or 304); -1 when unknown, and 0 for {@link EdgeOutcome#CANCELLED}
   * @param gate the gate that answered the request, or null for an admitted one
   */
  record RequestFinished(
      String route,
      String clientAddress,
      String clientKey,
      String method,
      String path,
      EdgeOutcome outcome,
      int status,
      long durationNanos,
      long requestBytes,
      long responseBytes,
      @Nullable EdgeGate gate) implements EdgeEvent {

    /**
     * Checks the values.
     *
     * @param route the route's name
     * @param clientAddress the client's IP address
     * @param clientKey the client key
     * @param method the request's method
     * @param path the path routed
     * @param outcome how it ended
     * @param status the status sent, or 0
     * @param durationNanos the nanoseconds from begin to end
     * @param requestBytes the request body's size, or -1
     * @param responseBytes the response body's size, or -1
     * @param gate the gate that answered, or null
     * @throws NullPointerException if a value other than {@code gate} is null
     */
    public RequestFinished {
      Objects.requireNonNull(route, "route");
      Objects.requireNonNull(clientAddress, "clientAddress");
      Objects.requireNonNull(clientKey, "clientKey");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /**
   * The validation gate found a violation in a request it refuses. Each violation behind a refusal
   * is reported before the request's {@link RequestFinished}, in the order of
   * {@link EdgeRejection#violations()}.
   *
   * @param route the route's name
   * @param clientAddress the client's IP address (see {@link EdgeEvent#clientAddress()})
   * @param clientKey the client key (see {@link EdgeEvent#clientKey()})
   * @param method the request's method
   * @param path the path routed
   * @param code the rule broken
   * @param field the field the value came from (a parameter, a header, {@code "url"},
   *     {@code "body"}...), as in {@link Violation#field()}
   */
  record ViolationFound(
      String route,
      String clientAddress,
      String clientKey,
      String method,
      String path,
      Violation.Code code,
      String field) implements EdgeEvent {

    /**
     * Checks the values.
     *
     * @param route the route's name
     * @param clientAddress the client's IP address
     * @param clientKey the client key
     * @param method the request's method
     * @param path the path routed
     * @param code the rule broken
     * @param field the field the value came from
     * @throws NullPointerException if a value is null
     */
    public ViolationFound {
      Objects.requireNonNull(route, "route");
      Objects.requireNonNull(clientAddress, "clientAddress");
      Objects.requireNonNull(clientKey, "clientKey");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(field, "field");
    }
  }

  /**
   * A gate in shadow mode ({@link RouteBuilder#shadow(EdgeGate, EdgeGate...)},
   * {@link EdgeBuilder#shadow(EdgeGate, EdgeGate...)}) decided to refuse a request, and let it
   * through instead. Reported at once, on the thread running the gate (for a body check, the one
   * calling {@link EdgeExchange#checkBody}), before the request's own {@link RequestFinished}, which
   * reports how the request really ended. A request may be shadow-refused by several gates, one
   * event each, in gate order.
   *
   * @param route the route's name
   * @param clientAddress the client's IP address (see {@link EdgeEvent#clientAddress()})
   * @param clientKey the client key (see {@link EdgeEvent#clientKey()})
   * @param method the request's method
   * @param path the path routed
   * @param gate the gate that would have refused the request
   * @param status the status the refusal would have had, such as 429
   */
  record ShadowRejected(
      String route,
      String clientAddress,
      String clientKey,
      String method,
      String path,
      EdgeGate gate,
      int status) implements EdgeEvent {

    /**
     * Checks the values.
     *
     * @param route the route's name
     * @param clientAddress the client's IP address
     * @param clientKey the client key
     * @param method the request's method
     * @param path the path routed
     * @param gate the gate that would have refused
     * @param status the status it would have sent
     * @throws NullPointerException if a value is null
     */
    public ShadowRejected {
      Objects.requireNonNull(route, "route");
      Objects.requireNonNull(clientAddress, "clientAddress");
      Objects.requireNonNull(clientKey, "clientKey");
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(gate, "gate");
    }
  }
}
