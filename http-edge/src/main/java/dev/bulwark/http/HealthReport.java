package dev.bulwark.http;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A snapshot of an edge's health, for a {@code /health} endpoint: the status of each component and
 * the overall status, the worst of them ({@link HealthStatus#UP} when there is no component).
 * Produced by {@link EdgeHealth#report()}.
 *
 * <p>Its JSON, from {@link #toJson()} or any JSON mapper that serialises records by their
 * components (such as Jackson's {@code ObjectMapper}), has one stable shape, components and details sorted by name:
 * <pre>{@code
 * {"status":"DOWN","components":{
 *   "breaker:llm":{"status":"DOWN","details":{"remaining_open_ms":30000,"state":"open"}},
 *   "concurrency:search":{"status":"UP","details":{"in_flight":3,"limit":200}}}}
 * }</pre>
 * An endpoint sends it with {@link #httpStatus()}: 200 while the edge works (UP or DEGRADED), 503
 * when a component is DOWN, the convention of load balancers and orchestrators' readiness probes.
 *
 * @param status the overall status: the worst component status
 * @param components the components by name; the record keeps an immutable copy sorted by name
 */
public record HealthReport(HealthStatus status, Map<String, HealthComponent> components) {

  /**
   * Creates a report, checking that the status is the worst of the components'.
   *
   * @param status the overall status
   * @param components the components by name
   * @throws NullPointerException if an argument, a name or a component is null
   * @throws IllegalArgumentException if {@code status} is not the worst component status
   */
  public HealthReport {
    Objects.requireNonNull(status, "status");
    SortedMap<String, HealthComponent> copy = new TreeMap<>();
    HealthStatus worst = HealthStatus.UP;
    for (Map.Entry<String, HealthComponent> e : Objects.requireNonNull(components, "components").entrySet()) {
      HealthComponent component = Objects.requireNonNull(e.getValue(), "component");
      copy.put(Objects.requireNonNull(e.getKey(), "component name"), component);
      worst = worst.worse(component.status());
    }
    if (status != worst) {
      throw new IllegalArgumentException(
          "status must be the worst component status " + worst + " but was " + status);
    }
    components = Collections.unmodifiableSortedMap(copy);
  }

  /**
   * Returns a report of the given components, with the worst of their statuses.
   *
   * @param components the components by name
   * @return the report
   * @throws NullPointerException if {@code components}, a name or a component is null
   */
  public static HealthReport of(Map<String, HealthComponent> components) {
    HealthStatus worst = HealthStatus.UP;
    for (HealthComponent c : Objects.requireNonNull(components, "components").values()) {
      worst = worst.worse(Objects.requireNonNull(c, "component").status());
    }
    return new HealthReport(worst, components);
  }

  /**
   * Returns the status code a {@code /health} endpoint should answer with.
   *
   * @return 503 when {@link #status()} is {@link HealthStatus#DOWN}, otherwise 200
   */
  public int httpStatus() {
    return status == HealthStatus.DOWN ? Statuses.SERVICE_UNAVAILABLE : 200;
  }

  /**
   * Returns the report as compact JSON, in the shape shown above.
   *
   * @return such as {@code {"status":"UP","components":{}}}
   */
  public String toJson() {
    JsonOut g = new JsonOut(false).beginObject()
        .member("status", status.name())
        .name("components").beginObject();
    for (Map.Entry<String, HealthComponent> e : components.entrySet()) {
      g.name(e.getKey()).beginObject()
          .member("status", e.getValue().status().name())
          .name("details").beginObject();
      for (Map.Entry<String, Object> d : e.getValue().details().entrySet()) {
        writeDetail(g.name(d.getKey()), d.getValue());
      }
      g.endObject().endObject();
    }
    return g.endObject().endObject().text();
  }

  /** Writes one detail, of one of the types {@link HealthComponent} admits. */
  private static void writeDetail(JsonOut g, Object value) {
    if (value instanceof String) {
      g.value((String) value);
    } else if (value instanceof Boolean) {
      g.value((boolean) (Boolean) value);
    } else if (value instanceof Double) {
      g.value((double) (Double) value);
    } else {
      g.value(((Number) value).longValue());
    }
  }
}
