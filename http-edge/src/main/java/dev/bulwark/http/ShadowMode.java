package dev.bulwark.http;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/** The sets of gates given to the {@code shadow(...)} settings of the route and edge builders. */
final class ShadowMode {

  /** Every gate that can be shadowed: all but {@link EdgeGate#DRAINING}, which always refuses. */
  static final Set<EdgeGate> ALL = Set.copyOf(EnumSet.complementOf(EnumSet.of(EdgeGate.DRAINING)));

  private ShadowMode() {}

  /**
   * The immutable set of {@code gate} and {@code more}; NPE naming a null gate, IAE for
   * {@link EdgeGate#DRAINING} (a draining edge refuses new requests; that is never simulated).
   */
  static Set<EdgeGate> gates(EdgeGate gate, EdgeGate... more) {
    EnumSet<EdgeGate> set = EnumSet.of(Objects.requireNonNull(gate, "gate"));
    Objects.requireNonNull(more, "more");
    for (EdgeGate g : more) {
      set.add(Objects.requireNonNull(g, "gate"));
    }
    if (set.contains(EdgeGate.DRAINING)) {
      throw new IllegalArgumentException("the DRAINING gate cannot run in shadow mode: a draining edge"
          + " always refuses new requests");
    }
    return Set.copyOf(set);
  }
}
