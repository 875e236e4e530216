package dev.bulwark.spring.boot;

import dev.bulwark.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code bulwark} section of the Spring environment is not a valid configuration: thrown while
 * the context starts, so the application does not start. The message is the config module's, one
 * line per problem, each path written as the Spring key ({@code bulwark.routes[0].rateLimit.limit}),
 * with the value at fault and, for an unknown key, the nearest valid one:
 * <pre>{@code
 * 1 problem in the Spring environment (bulwark.*):
 *   bulwark.routes[0].rateLimit.limt: unknown key (did you mean "limit"?); known keys: algorithm, backend, hierarchy, limit, maximumKeys
 * }</pre>
 */
public final class InvalidBulwarkConfigurationException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** Where the problems were found, as the summary line names it. */
  static final String SOURCE = "the Spring environment (bulwark.*)";

  /** The problems, one line each, paths written as Spring keys. */
  @SuppressWarnings("serial") // always a List.copyOf, which is serializable
  private final List<String> problems;

  /**
   * Wraps the config module's exception, with its paths written as Spring keys.
   *
   * @param cause the config module's exception
   */
  InvalidBulwarkConfigurationException(ConfigException cause) {
    this(springPaths(cause.problems()), cause);
  }

  private InvalidBulwarkConfigurationException(List<String> problems, ConfigException cause) {
    super(message(problems), cause);
    this.problems = problems;
  }

  /**
   * Returns the problems, one line each, paths written as Spring keys.
   *
   * @return an immutable list of at least one line
   */
  public List<String> problems() {
    return problems;
  }

  private static List<String> springPaths(List<String> lines) {
    List<String> out = new ArrayList<>(lines.size());
    for (String line : lines) {
      boolean path = !line.isEmpty() && Character.isLetter(line.charAt(0));
      out.add(path ? SpringDocument.PREFIX + "." + line : line);
    }
    return List.copyOf(out);
  }

  private static String message(List<String> problems) {
    StringBuilder sb = new StringBuilder()
        .append(problems.size()).append(problems.size() == 1 ? " problem in " : " problems in ")
        .append(SOURCE).append(':');
    for (String line : problems) {
      sb.append("\n  ").append(line);
    }
    return sb.toString();
  }
}
