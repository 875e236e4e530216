package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.http.ConnectionPolicy;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A route's {@code connections} section: how its long-lived connections (WebSockets) are watched,
 * as a {@link ConnectionPolicy}.
 *
 * <pre>{@code
 * connections:
 *   idleTimeout: 1h      # close a socket that carried no message for this long
 *   pingInterval: 30s    # heartbeat: ping this often...
 *   pongTimeout: 10s     # ...and close when nothing answers within this
 * }</pre>
 * Every key is optional, but {@code pingInterval} and {@code pongTimeout} go together.
 */
final class ConnectionsSection {

  static final List<String> KEYS = List.of("idleTimeout", "pingInterval", "pongTimeout");

  private ConnectionsSection() {}

  static @Nullable ConnectionPolicy read(JsonNode node, String path, Problems problems) {
    Fields f = Fields.open(node, path, problems, KEYS);
    if (f == null) {
      return null;
    }
    Duration idle = f.get("idleTimeout", Values::duration);
    Duration ping = f.get("pingInterval", Values::duration);
    Duration pong = f.get("pongTimeout", Values::duration);
    checkPositive(f, "idleTimeout", idle);
    checkPositive(f, "pingInterval", ping);
    checkPositive(f, "pongTimeout", pong);
    if (ping != null && pong == null && !f.has("pongTimeout")) {
      f.problems().add(f.path("pongTimeout"), "required key is missing (pingInterval needs it)");
    } else if (pong != null && ping == null && !f.has("pingInterval")) {
      f.problems().add(f.path("pingInterval"), "required key is missing (pongTimeout needs it)");
    }
    if (!f.clean()) {
      return null;
    }
    ConnectionPolicy policy = ConnectionPolicy.none();
    if (idle != null) {
      policy = policy.withIdleTimeout(idle);
    }
    if (ping != null && pong != null) {
      policy = policy.withHeartbeat(ping, pong);
    }
    return policy;
  }

  private static void checkPositive(Fields f, String key, @Nullable Duration value) {
    if (value != null && (value.isZero() || value.isNegative())) {
      f.report(key, "must be positive");
    }
  }
}
