package dev.bulwark.validation;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Collects violations, creating its list only when the first one arrives, so that checking a
 * clean value allocates nothing for the (usual) empty outcome. One sink per check, one thread.
 */
final class ViolationSink {

  private @Nullable List<Violation> list;

  void add(Violation violation) {
    List<Violation> l = list;
    if (l == null) {
      l = new ArrayList<>(2);
      list = l;
    }
    l.add(violation);
  }

  boolean isEmpty() {
    return list == null;
  }

  /** Returns the violations collected, as an immutable list; the shared empty list if none. */
  List<Violation> toList() {
    List<Violation> l = list;
    return l == null ? List.of() : List.copyOf(l);
  }
}
