package dev.bulwark.http;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/** The sets of gates given to the {@code shadow(...)} settings of the route and edge builders. */
final class ShadowMode {

  /** Every gate. */
  static final Set<EdgeGate> ALL = Set.copyOf(EnumSet.allOf(EdgeGate.class));

  private ShadowMode() {}

  /** The immutable set of {@code gate} and {@code more}; NPE naming a null gate. */
  static Set<EdgeGate> gates(EdgeGate gate, EdgeGate... more) {
    EnumSet<EdgeGate> set = EnumSet.of(Objects.requireNonNull(gate, "gate"));
    Objects.requireNonNull(more, "more");
    for (EdgeGate g : more) {
      set.add(Objects.requireNonNull(g, "gate"));
    }
    return Set.copyOf(set);
  }
}
