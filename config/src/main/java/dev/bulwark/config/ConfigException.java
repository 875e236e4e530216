package dev.bulwark.config;

import java.util.List;
import java.util.Objects;

/**
 * A configuration document that cannot be loaded, with every problem found in it: one line per
 * problem, naming the path and, where a value is at fault, the value, such as
 * <pre>{@code
 * routes[0].rateLimit.limit: "100/minit": unknown unit 'minit' in "100/minit"
 * routes[2].rateLimit.perClinet: unknown key; known keys: algorithm, backend, hierarchy, limit, maximumKeys
 * }</pre>
 * A document that is not well-formed JSON or YAML has a single problem naming its line and column.
 * The message starts with a summary line ({@code 2 problems in bulwark.yaml:}) followed by the
 * problems, each indented by two spaces.
 */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Where the document came from: a file name, or {@code YAML text} / {@code JSON text}. */
  private final String source;

  /** The problems, one line each, in the order found. */
  @SuppressWarnings("serial") // always a List.copyOf, which is serializable
  private final List<String> problems;

  /**
   * Creates the exception.
   *
   * @param source where the document came from, for the summary line
   * @param problems at least one problem, one line each
   * @throws IllegalArgumentException if {@code problems} is empty
   */
  ConfigException(String source, List<String> problems) {
    super(message(source, problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  private static String message(String source, List<String> problems) {
    Objects.requireNonNull(source, "source");
    StringBuilder sb = new StringBuilder()
        .append(problems.size()).append(problems.size() == 1 ? " problem in " : " problems in ")
        .append(source).append(':');
    for (String line : problems) {
      sb.append("\n  ").append(line);
    }
    return sb.toString();
  }

  /**
   * Returns where the document came from.
   *
   * @return the file name as given to the loader, or {@code YAML text} or {@code JSON text}
   */
  public String source() {
    return source;
  }

  /**
   * Returns the problems, one line each, in the order found (by and large the document's order).
   *
   * @return an immutable list of at least one line
   */
  public List<String> problems() {
    return problems;
  }
}
