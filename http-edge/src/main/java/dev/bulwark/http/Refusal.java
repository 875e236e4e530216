package dev.bulwark.http;

import dev.bulwark.validation.Violation;
import java.util.List;

/**
 * What a gate decided when it refused a request, before it is rendered as an {@link EdgeRejection}.
 *
 * @param gate the refusing gate
 * @param status the status
 * @param detail the human-readable detail (client input in it already truncated)
 * @param retryAfter the {@code Retry-After} in seconds, or -1 for none
 * @param violations the validation violations, empty for other gates
 */
record Refusal(EdgeGate gate, int status, String detail, long retryAfter, List<Violation> violations) {

  /** Returns a refusal without violations. */
  static Refusal of(EdgeGate gate, int status, String detail, long retryAfter) {
    return new Refusal(gate, status, detail, retryAfter, List.of());
  }

  /** Returns the refusal of invalid input. */
  static Refusal invalid(ValidationGate.Invalid invalid) {
    List<Violation> violations = invalid.violations();
    Violation first = violations.get(0);
    String more = violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "";
    String what;
    switch (invalid.status()) {
      case Statuses.CONTENT_TOO_LARGE:
        what = "The request body is too large: ";
        break;
      case Statuses.UNSUPPORTED_MEDIA_TYPE:
        what = "Unsupported request content type: ";
        break;
      default:
        what = "Invalid input in '" + Texts.truncate(first.field()) + "': ";
    }
    return new Refusal(EdgeGate.VALIDATION, invalid.status(),
        what + Texts.truncate(first.message()) + more, -1, violations);
  }
}
