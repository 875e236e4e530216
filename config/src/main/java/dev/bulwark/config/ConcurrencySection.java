package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A route's {@code concurrency} section: at most {@code perClient} requests in flight per client
 * key and {@code total} in all, kept in memory or by a registered backend.
 *
 * @param perClient the most in flight for one client key, at least 1
 * @param total the most in flight in total, at least {@code perClient}
 * @param backend {@code memory} or the name of a registered backend
 * @param path the section's path, for problems found while building the limiter
 */
record ConcurrencySection(int perClient, int total, String backend, String path) {

  static final List<String> KEYS = List.of("perClient", "total", "backend");

  static @Nullable ConcurrencySection read(
      JsonNode node, String path, Problems problems, BindContext context) {
    Fields f = Fields.open(node, path, problems, KEYS);
    if (f == null) {
      return null;
    }
    Integer perClient = f.required("perClient", Values::integer);
    Integer total = f.required("total", Values::integer);
    if (perClient != null && perClient < 1) {
      f.report("perClient", "must be >= 1");
    } else if (perClient != null && total != null && total < perClient) {
      f.report("total", "must be >= perClient (" + perClient + ")");
    }
    String backend = context.inline().read(f);
    if (backend != null && !backend.equals(RateSection.MEMORY)
        && !context.concurrencyBackends().contains(backend) && !context.inline().contains(backend)) {
      f.report("backend", context.unknownBackend(context.concurrencyBackends()));
    }
    if (!f.clean() || perClient == null || total == null) {
      return null;
    }
    return new ConcurrencySection(perClient, total, backend != null ? backend : RateSection.MEMORY, path);
  }
}
