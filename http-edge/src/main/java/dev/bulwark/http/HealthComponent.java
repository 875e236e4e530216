package dev.bulwark.http;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The health of one component of a {@link HealthReport}: a status and details for the operator.
 * Serialised as {@code {"status":"UP","details":{...}}}, details sorted by key.
 *
 * @param status the component's status
 * @param details facts about the component, keyed by snake_case names; values are
 *     {@link String}, {@link Boolean}, {@link Integer}, {@link Long} or {@link Double}, so that every
 *     JSON serialiser writes them alike. The record keeps an immutable copy sorted by key.
 */
public record HealthComponent(HealthStatus status, Map<String, Object> details) {

  /**
   * Creates a component, copying and checking the details.
   *
   * @param status the component's status
   * @param details the details, such as {@code Map.of("state", "open")}; may be empty
   * @throws NullPointerException if {@code status}, {@code details} or a key or value in it is null
   * @throws IllegalArgumentException if a value is of another type than those listed above
   */
  public HealthComponent {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(details, "details");
    SortedMap<String, Object> copy = new TreeMap<>();
    for (Map.Entry<String, Object> e : details.entrySet()) {
      String key = Objects.requireNonNull(e.getKey(), "details key");
      Object value = Objects.requireNonNull(e.getValue(), "details value");
      if (!(value instanceof String || value instanceof Boolean || value instanceof Integer
          || value instanceof Long || value instanceof Double)) {
        throw new IllegalArgumentException("details value of \"" + key
            + "\" must be a String, Boolean, Integer, Long or Double but was a "
            + value.getClass().getName());
      }
      copy.put(key, value);
    }
    details = Collections.unmodifiableSortedMap(copy);
  }
}
