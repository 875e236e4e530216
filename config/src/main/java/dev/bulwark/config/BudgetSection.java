package dev.bulwark.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.core.Ticker;
import dev.bulwark.retry.RetryBudget;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a retry {@code budget}: {@code {type: token-bucket, maxTokens, tokenRatio}} for
 * {@link RetryBudget#tokenBucket}, or {@code {type: percent, percent, minRetriesPerSecond,
 * window}} for {@link RetryBudget#percentOfRequests} on the loader's ticker. Every key is
 * required for its type.
 */
final class BudgetSection {

  static final List<String> KEYS =
      List.of("type", "maxTokens", "tokenRatio", "percent", "minRetriesPerSecond", "window");

  private static final Map<String, Set<String>> TYPES = types();

  private BudgetSection() {}

  private static Map<String, Set<String>> types() {
    Map<String, Set<String>> map = new LinkedHashMap<>();
    map.put("token-bucket", Set.of("maxTokens", "tokenRatio"));
    map.put("percent", Set.of("percent", "minRetriesPerSecond", "window"));
    return map;
  }

  static @Nullable RetryBudget read(JsonNode node, String path, Problems problems, Ticker ticker) {
    Fields f = Fields.open(node, path, problems, KEYS);
    if (f == null) {
      return null;
    }
    Map<String, String> names = new LinkedHashMap<>();
    TYPES.keySet().forEach(t -> names.put(t, t));
    String type = f.required("type", Values.oneOf(names));
    if (type == null) {
      return null;
    }
    Set<String> allowed = TYPES.getOrDefault(type, Set.of());
    for (String key : f.keys()) {
      if (!key.equals("type") && KEYS.contains(key) && !allowed.contains(key)) {
        f.report(key, "not used by type " + type);
      }
    }
    if (type.equals("token-bucket")) {
      Integer maxTokens = f.required("maxTokens", Values::integer);
      Double ratio = f.required("tokenRatio", Values::number);
      return maxTokens == null || ratio == null
          ? null
          : f.build(() -> RetryBudget.tokenBucket(maxTokens, ratio));
    }
    Integer percent = f.required("percent", Values::integer);
    Integer minimum = f.required("minRetriesPerSecond", Values::integer);
    Duration window = f.required("window", Values::duration);
    return percent == null || minimum == null || window == null
        ? null
        : f.build(() -> RetryBudget.percentOfRequests(percent, minimum, window, ticker));
  }
}
