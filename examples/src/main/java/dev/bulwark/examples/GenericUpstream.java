package dev.bulwark.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The handler of a seed's routes that the demo app does not serve itself: it calls the
 * {@link SimulatedUpstream} at once ({@link SimulatedUpstream#callNow}) and answers 200 JSON
 * naming the edge's route, or throws while the upstream fails. The adapters call it on the
 * request's own thread (the servlet filter chain, the Netty event loop), so the exception reaches
 * the edge's application-error path: a 500 rendered by the route's error body writer, counted by
 * the route's circuit breaker as a failure. Staging an outage with {@code POST /admin/upstream}
 * therefore opens any seed's breakers.
 *
 * <p>Thread-safe.
 */
final class GenericUpstream {

  private final SimulatedUpstream upstream;

  GenericUpstream(SimulatedUpstream upstream) {
    this.upstream = Objects.requireNonNull(upstream, "upstream");
  }

  /**
   * Answers a request the edge admitted on {@code route}.
   *
   * @param route the edge route's name
   * @param method the request's method
   * @param path the request's path
   * @return the JSON body of the 200 answer
   * @throws UncheckedIOException wrapping the {@link UpstreamException} while the upstream fails
   */
  byte[] answer(String route, String method, String path) {
    String reply;
    try {
      reply = upstream.callNow(method + " " + path);
    } catch (UpstreamException e) {
      throw new UncheckedIOException("route " + route + ": the upstream failed", e);
    }
    ObjectNode body = Json.object();
    body.put("route", route);
    body.put("method", method);
    body.put("path", path);
    body.put("upstream", reply);
    return Json.bytes(body);
  }
}
