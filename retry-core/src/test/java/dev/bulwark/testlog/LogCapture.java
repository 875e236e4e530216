package dev.bulwark.testlog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

/**
 * Captures what the code under test logs, for exact assertions on event names, levels and key-value
 * pairs. Only one capture is active at a time (tests run one after another); outside a capture every
 * level is disabled.
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.start()) {
 *   ...
 *   assertThat(logs.lines("dev.bulwark.retry")).containsExactly("WARN event=retry_exhausted name=r ...");
 * }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {

  private static volatile LogCapture active;

  private final List<Entry> entries = new ArrayList<>();

  private LogCapture() {}

  /**
   * Starts capturing, enabling every level of every logger.
   *
   * @return the capture; close it to stop
   */
  public static LogCapture start() {
    if (!(org.slf4j.LoggerFactory.getLogger(LogCapture.class) instanceof CapturingLogger)) {
      throw new IllegalStateException("SLF4J is not bound to CapturingProvider");
    }
    LogCapture capture = new LogCapture();
    active = capture;
    return capture;
  }

  static LogCapture active() {
    return active;
  }

  synchronized void add(Entry entry) {
    entries.add(entry);
  }

  /**
   * Returns the entries captured so far.
   *
   * @return a copy, in logging order
   */
  public synchronized List<Entry> entries() {
    return List.copyOf(entries);
  }

  /**
   * Returns the entries of one logger, rendered as {@code LEVEL key=value key=value...}.
   *
   * @param logger the logger name
   * @return the lines, in logging order
   */
  public List<String> lines(String logger) {
    return entries().stream()
        .filter(e -> e.logger().equals(logger))
        .map(Entry::toString)
        .collect(Collectors.toList());
  }

  @Override
  public void close() {
    active = null;
  }

  /**
   * One captured event.
   *
   * @param logger the logger's name
   * @param level the level
   * @param message the formatted message
   * @param keyValues the key-value pairs, in the order added
   * @param cause the throwable, or null
   */
  public record Entry(
      String logger, Level level, String message, List<KeyValuePair> keyValues, Throwable cause) {

    /**
     * Returns the value of a key.
     *
     * @param key the key
     * @return the value, or null if absent
     */
    public Object value(String key) {
      for (KeyValuePair pair : keyValues) {
        if (Objects.equals(pair.key, key)) {
          return pair.value;
        }
      }
      return null;
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder(level.toString());
      for (KeyValuePair pair : keyValues) {
        s.append(' ').append(pair.key).append('=').append(pair.value);
      }
      return s.toString();
    }
  }
}
