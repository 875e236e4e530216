package dev.bulwark.validation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a validation: the violations found (empty when valid) and the values as the policy
 * normalised them (percent-decoded once, Unicode-normalised), ready to use.
 *
 * <p>Immutable and thread-safe. Bad input never throws; it yields violations.
 */
public final class ValidationResult {

  private static final ValidationResult EMPTY = new ValidationResult(List.of(), Map.of());

  private final List<Violation> violations;
  private final Map<String, List<String>> values;

  private ValidationResult(List<Violation> violations, Map<String, List<String>> values) {
    this.violations = violations;
    this.values = values;
  }

  /**
   * Creates a result.
   *
   * @param violations the violations, in the order found
   * @param values the normalised values by field, in input order
   * @return the result
   * @throws NullPointerException if an argument or an element is null
   */
  public static ValidationResult of(List<Violation> violations, Map<String, List<String>> values) {
    Objects.requireNonNull(values, "values");
    if (violations.isEmpty() && values.isEmpty()) {
      return EMPTY;
    }
    Map<String, List<String>> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "field"), List.copyOf(v)));
    return new ValidationResult(List.copyOf(violations), Collections.unmodifiableMap(copy));
  }

  /**
   * Returns a valid result without values.
   *
   * @return the empty valid result
   */
  public static ValidationResult valid() {
    return EMPTY;
  }

  /**
   * Tells whether no rule was broken.
   *
   * @return true if there are no violations
   */
  public boolean isValid() {
    return violations.isEmpty();
  }

  /**
   * Returns the violations.
   *
   * @return an immutable list, empty when valid
   */
  public List<Violation> violations() {
    return violations;
  }

  /**
   * Returns the normalised values of all fields.
   *
   * @return an immutable map in input order; a field whose value was too long or not decodable has
   *     no entry
   */
  public Map<String, List<String>> values() {
    return values;
  }

  /**
   * Returns the first normalised value of {@code field}.
   *
   * @param field the field name
   * @return the value, or empty if the field had none (or was rejected before normalisation)
   */
  public Optional<String> value(String field) {
    List<String> list = values.get(field);
    return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
  }

  /**
   * Returns a result with this result's violations and values followed by {@code other}'s.
   *
   * @param other another result
   * @return the combined result
   */
  public ValidationResult and(ValidationResult other) {
    if (other.violations.isEmpty() && other.values.isEmpty()) {
      return this;
    }
    if (violations.isEmpty() && values.isEmpty()) {
      return other;
    }
    List<Violation> all = new java.util.ArrayList<>(violations);
    all.addAll(other.violations);
    Map<String, List<String>> merged = new LinkedHashMap<>(values);
    other.values.forEach((k, v) -> merged.merge(k, v, (a, b) -> {
      List<String> both = new java.util.ArrayList<>(a);
      both.addAll(b);
      return both;
    }));
    return of(all, merged);
  }

  @Override
  public String toString() {
    return isValid() ? "ValidationResult[valid]" : "ValidationResult" + violations;
  }
}
