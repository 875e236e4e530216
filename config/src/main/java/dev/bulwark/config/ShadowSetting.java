package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.http.EdgeBuilder;
import dev.bulwark.http.EdgeGate;
import dev.bulwark.http.RouteBuilder;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code shadow} key of the document (edge-wide) and of a route: {@code true} for every gate,
 * {@code false} for none, or a list of gates, {@code [rate-limit, validation]}, named as
 * {@link EdgeGate} in lower case with hyphens ({@code cors}, {@code rate-limit},
 * {@code concurrency}, {@code validation}, {@code circuit-breaker}).
 */
final class ShadowSetting {

  static final String KEY = "shadow";

  private ShadowSetting() {}

  /** Reads the value: every gate, none, or the listed gates (a list must not be empty). */
  static Set<EdgeGate> read(JsonNode node) {
    if (node.isBoolean()) {
      return node.booleanValue() ? shadowable() : EnumSet.noneOf(EdgeGate.class);
    }
    if (!node.isArray() || node.isEmpty()) {
      throw new IllegalArgumentException("expected true, false or a non-empty list of gates "
          + "(cors, rate-limit, concurrency, validation, circuit-breaker)");
    }
    ValueReader<EdgeGate> gate = Values.enumeration(EdgeGate.class);
    EnumSet<EdgeGate> gates = EnumSet.noneOf(EdgeGate.class);
    for (int i = 0; i < node.size(); i++) {
      EdgeGate g = gate.read(node.get(i));
      if (g == EdgeGate.DRAINING) {
        throw new IllegalArgumentException("draining cannot run in shadow mode "
            + "(cors, rate-limit, concurrency, validation, circuit-breaker can)");
      }
      gates.add(g);
    }
    return gates;
  }

  /** Every gate but draining, which always refuses while the edge drains. */
  private static EnumSet<EdgeGate> shadowable() {
    return EnumSet.complementOf(EnumSet.of(EdgeGate.DRAINING));
  }

  /** Sets the route's shadowed gates from its {@code shadow} key, if written. */
  static void apply(Fields f, RouteBuilder builder) {
    f.apply(KEY, ShadowSetting::read, gates -> {
      if (gates.equals(shadowable())) {
        builder.shadow();
      } else if (!gates.isEmpty()) {
        EdgeGate[] all = gates.toArray(new EdgeGate[0]);
        builder.shadow(all[0], Arrays.copyOfRange(all, 1, all.length));
      }
    });
  }

  /** Sets the edge-wide shadowed gates from the document's {@code shadow} key, if written. */
  static void apply(Fields f, EdgeBuilder builder) {
    f.apply(KEY, ShadowSetting::read, gates -> {
      if (gates.equals(shadowable())) {
        builder.shadow();
      } else if (!gates.isEmpty()) {
        EdgeGate[] all = gates.toArray(new EdgeGate[0]);
        builder.shadow(all[0], Arrays.copyOfRange(all, 1, all.length));
      }
    });
  }
}
