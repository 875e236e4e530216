package dev.bulwark.config;

import dev.bulwark.http.EdgeGate;
import dev.bulwark.http.ErrorBodyTemplates;
import dev.bulwark.http.ErrorBodyWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code errorBodies}: exact body templates for some gates' refusals and for application
 * errors ({@link ErrorBodyTemplates}), every other body written in the document's
 * {@code errorFormat}, whose content type the templates share:
 * <pre>{@code
 * errorFormat: envelope      # application/json
 * errorBodies:
 *   rateLimit: '{"error": "Rate limit exceeded: {{limit}}", "detail": "Too many requests"}'
 *   circuitBreaker: '{"detail": "Service temporarily unavailable due to circuit breaker", "status_code": 503}'
 * }</pre>
 */
final class ErrorBodiesSection {

  private static final Map<String, EdgeGate> GATES = gates();
  static final String APPLICATION_ERROR = "applicationError";

  private ErrorBodiesSection() {}

  private static Map<String, EdgeGate> gates() {
    Map<String, EdgeGate> map = new LinkedHashMap<>();
    map.put("cors", EdgeGate.CORS);
    map.put("rateLimit", EdgeGate.RATE_LIMIT);
    map.put("concurrency", EdgeGate.CONCURRENCY);
    map.put("validation", EdgeGate.VALIDATION);
    map.put("circuitBreaker", EdgeGate.CIRCUIT_BREAKER);
    return map;
  }

  /** Reads the section of {@code f}; null when a problem was reported. */
  static @Nullable ErrorBodyWriter read(Fields f, ErrorBodyWriter otherwise) {
    List<String> keys = new ArrayList<>(GATES.keySet());
    keys.add(APPLICATION_ERROR);
    Fields e = f.object("errorBodies", keys);
    if (e == null) {
      return null;
    }
    ErrorBodyTemplates.Builder b = ErrorBodyTemplates.builder(otherwise);
    for (Map.Entry<String, EdgeGate> gate : GATES.entrySet()) {
      e.apply(gate.getKey(), Values::string, template -> b.template(gate.getValue(), template));
    }
    e.apply(APPLICATION_ERROR, Values::string, b::applicationError);
    return e.clean() ? b.build() : null;
  }
}
