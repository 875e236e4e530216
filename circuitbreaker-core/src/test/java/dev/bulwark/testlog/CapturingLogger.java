package dev.bulwark.testlog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * A logger that hands every event to the active {@link LogCapture}, key-value pairs included (the
 * fluent API delivers whole {@link LoggingEvent}s to a {@link LoggingEventAware} logger). Every level
 * is enabled while a capture is active and none otherwise, so code under test that checks levels
 * behaves as with no logging at all outside log tests.
 */
final class CapturingLogger extends LegacyAbstractLogger implements LoggingEventAware {

  private static final long serialVersionUID = 1L;

  CapturingLogger(String name) {
    this.name = name;
  }

  @Override
  public void log(LoggingEvent event) {
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    List<Object> args = event.getArguments();
    record(
        event.getLevel(),
        event.getMessage(),
        args == null ? List.of() : args,
        pairs == null ? List.of() : new ArrayList<>(pairs),
        event.getThrowable());
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String messagePattern, Object[] arguments, Throwable throwable) {
    record(level, messagePattern, arguments == null ? List.of() : Arrays.asList(arguments), List.of(), throwable);
  }

  private void record(
      Level level, String pattern, List<Object> args, List<KeyValuePair> pairs, Throwable cause) {
    LogCapture capture = LogCapture.active();
    if (capture == null) {
      return;
    }
    String message = MessageFormatter.basicArrayFormat(pattern, args.toArray());
    capture.add(new LogCapture.Entry(name, level, message, pairs, cause));
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  public boolean isTraceEnabled() {
    return LogCapture.active() != null;
  }

  @Override
  public boolean isDebugEnabled() {
    return LogCapture.active() != null;
  }

  @Override
  public boolean isInfoEnabled() {
    return LogCapture.active() != null;
  }

  @Override
  public boolean isWarnEnabled() {
    return LogCapture.active() != null;
  }

  @Override
  public boolean isErrorEnabled() {
    return LogCapture.active() != null;
  }
}
