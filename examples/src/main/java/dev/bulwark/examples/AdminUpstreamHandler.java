package dev.bulwark.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /admin/upstream} with {@code {"failureRate":0.0-1.0,"latencyMs":N}}: changes the
 * {@link SimulatedUpstream}'s behaviour, to stage an outage. Either member may be left out (it keeps
 * its value); anything else is a 400 naming the problem. Answers 200 with the settings now in
 * force.
 *
 * <p>Only the operator may call it (403 otherwise): a client of exactly {@code 127.0.0.1} or
 * {@code ::1}, the addresses a browser or {@code curl} on this machine connects from. The client is
 * the one the edge resolved ({@link DemoRequest#client()}): the TCP peer, unless that peer is one
 * of the demo's {@code --trusted-proxies}, in which case it is the client the proxy forwarded. So
 * a forged {@code X-Forwarded-For} from an untrusted peer changes nothing, and behind a local
 * proxy a remote client is not the operator (only a request with no forwarded client, from the
 * proxy's host itself, is). The rest of 127.0.0.0/8 is deliberately not "loopback" here: the
 * demo's traffic scenario plays its remote clients from 127.0.0.N addresses, and they must be
 * refused like any remote client (the scenario stages its outage from 127.0.0.1, as the operator).
 */
final class AdminUpstreamHandler implements DemoHandler {

  private static final String EXAMPLE = "{\"failureRate\":0.5,\"latencyMs\":200}";

  private final SimulatedUpstream upstream;

  AdminUpstreamHandler(SimulatedUpstream upstream) {
    this.upstream = upstream;
  }

  @Override
  public CompletionStage<DemoResponse> handle(DemoRequest request) {
    return CompletableFuture.completedFuture(respond(request));
  }

  private DemoResponse respond(DemoRequest request) {
    if (!isOperator(request.client())) {
      return DemoResponse.problem(403, "/admin/upstream accepts requests from 127.0.0.1 or ::1 only");
    }
    JsonNode body;
    try {
      body = Json.parse(request.bodyArray());
    } catch (JsonProcessingException e) {
      return badRequest("the body is not valid JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      return badRequest("the body is empty");
    }
    if (!body.isObject()) {
      return badRequest("the body must be a JSON object");
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("failureRate") && !name.equals("latencyMs")) {
        return badRequest("unknown member '" + StreamHandler.abbreviate(name) + "'");
      }
    }
    JsonNode rate = body.get("failureRate");
    JsonNode latency = body.get("latencyMs");
    if (rate == null && latency == null) {
      return badRequest("set failureRate, latencyMs or both");
    }
    if (rate != null && !(rate.isNumber() && rate.doubleValue() >= 0.0 && rate.doubleValue() <= 1.0)) {
      return badRequest("failureRate must be a number from 0.0 to 1.0 but was " + shown(rate));
    }
    if (latency != null
        && !(latency.isIntegralNumber() && latency.canConvertToLong() && latency.longValue() >= 0
            && latency.longValue() <= UpstreamSettings.MAX_LATENCY_MS)) {
      return badRequest("latencyMs must be an integer from 0 to " + UpstreamSettings.MAX_LATENCY_MS
          + " but was " + shown(latency));
    }
    UpstreamSettings now =
        upstream.update(
            s -> {
              UpstreamSettings next = rate != null ? s.withFailureRate(rate.doubleValue()) : s;
              return latency != null ? next.withLatencyMs(latency.longValue()) : next;
            });
    return Json.response(200, settingsJson(now));
  }

  /** Whether {@code peer} is exactly 127.0.0.1 or ::1 (an IPv4-mapped 127.0.0.1 included). */
  static boolean isOperator(InetAddress peer) {
    byte[] a = peer.getAddress();
    if (a.length == 4) {
      return a[0] == 127 && a[1] == 0 && a[2] == 0 && a[3] == 1;
    }
    for (int i = 0; i < 15; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[15] == 1;
  }

  static ObjectNode settingsJson(UpstreamSettings settings) {
    ObjectNode node = Json.object();
    node.put("failureRate", settings.failureRate());
    node.put("latencyMs", settings.latencyMs());
    return node;
  }

  private static DemoResponse badRequest(String problem) {
    return DemoResponse.problem(400, problem + "; expected e.g. " + EXAMPLE);
  }

  private static String shown(JsonNode value) {
    return StreamHandler.abbreviate(value.toString());
  }
}
