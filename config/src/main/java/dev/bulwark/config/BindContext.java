package dev.bulwark.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a section may refer to by name: the hierarchical limiters the document defines and the
 * limiter backends registered with the loader.
 *
 * @param hierarchies the names under {@code hierarchicalLimits}
 * @param rateBackends the names of registered rate limiter backends
 * @param concurrencyBackends the names of registered concurrency limiter backends
 * @param inline the backends written inline, which sections register as they read them
 */
record BindContext(
    Set<String> hierarchies, Set<String> rateBackends, Set<String> concurrencyBackends, InlineBackends inline) {

  String unknownHierarchy() {
    return hierarchies.isEmpty()
        ? "unknown hierarchy; hierarchicalLimits defines none"
        : "unknown hierarchy; hierarchicalLimits defines " + sorted(hierarchies);
  }

  String unknownBackend(Set<String> registered) {
    return unknownBackendOf(registered);
  }

  /** The problem of a backend name that is neither {@code memory} nor one of {@code registered}. */
  static String unknownBackendOf(Set<String> registered) {
    List<String> names = new ArrayList<>(registered);
    names.add(RateSection.MEMORY);
    return "unknown backend; expected " + sorted(names)
        + (registered.isEmpty() ? " (register others with the loader)" : "");
  }

  private static String sorted(java.util.Collection<String> names) {
    List<String> list = new ArrayList<>(names);
    list.sort(null);
    return String.join(", ", list);
  }
}
