package dev.bulwark.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /admin/upstream} with {@code {"failureRate":0.0-1.0,"latencyMs":N}}: changes the
 * {@link SimulatedUpstream}'s behaviour, to stage an outage. Either member may be left out (it keeps
 * its value); anything else is a 400 naming the problem. Only a loopback TCP peer may call it (403
 * otherwise): the check uses the real peer address, never a forwarded one. Answers 200 with the
 * settings now in force.
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
    if (!request.peer().isLoopbackAddress()) {
      return Problem.of(403, "/admin/upstream accepts requests from a loopback address only");
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

  static ObjectNode settingsJson(UpstreamSettings settings) {
    ObjectNode node = Json.object();
    node.put("failureRate", settings.failureRate());
    node.put("latencyMs", settings.latencyMs());
    return node;
  }

  private static DemoResponse badRequest(String problem) {
    return Problem.of(400, problem + "; expected e.g. " + EXAMPLE);
  }

  private static String shown(JsonNode value) {
    return StreamHandler.abbreviate(value.toString());
  }
}
