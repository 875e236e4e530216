package dev.bulwark.examples.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.SlidingWindow;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.ManualTicker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code logback-json.xml} turns a breaker transition into one JSON line whose key-value pairs are
 * fields. Runs in its own surefire execution ({@code json-logging}), where logback is the SLF4J
 * provider; the default execution has slf4j-simple instead and skips it.
 */
class JsonLoggingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aBreakerTransitionIsOneJsonLineWithItsKeyValuePairs() throws Exception {
    assumeThat(Boolean.getBoolean("bulwark.jsonLogging")).as("runs in the json-logging execution").isTrue();
    JsonLogCapture capture = new JsonLogCapture();
    CircuitBreaker payments = CircuitBreaker.builder("payments")
        .config(CircuitBreakerConfig.builder()
            .trip(TripStrategy.failureRate(50, SlidingWindow.ofCalls(4)).minimumCalls(4)).build())
        .ticker(new ManualTicker())
        .build();

    for (boolean fails : new boolean[] {false, true, false, true}) {
      try {
        payments.call(() -> {
          if (fails) {
            throw new IOException("card service down");
          }
          return "paid";
        });
      } catch (IOException expected) {
        // recorded by the breaker; the fourth outcome opens it at 50%
      }
    }
    payments.reset();
    capture.close();

    List<String> lines = capture.output().lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode opened = JSON.readTree(lines.get(0));
    assertThat(opened.get("level").asText()).isEqualTo("WARN");
    assertThat(opened.get("loggerName").asText()).isEqualTo("dev.bulwark.circuitbreaker");
    assertThat(opened.get("formattedMessage").asText())
        .isEqualTo("circuit breaker 'payments' CLOSED -> OPEN (FAILURE_RATE)");
    assertThat(keyValues(opened)).containsExactly(
        Map.entry("event", "circuit_breaker_transition"),
        Map.entry("name", "payments"),
        Map.entry("from", "closed"),
        Map.entry("to", "open"),
        Map.entry("reason", "failure_rate"),
        Map.entry("failure_rate", "50.0"));

    JsonNode closed = JSON.readTree(lines.get(1));
    assertThat(closed.get("level").asText()).isEqualTo("INFO");
    assertThat(keyValues(closed)).containsEntry("event", "circuit_breaker_transition")
        .containsEntry("from", "open").containsEntry("to", "closed").containsEntry("reason", "reset");
  }

  /** JsonEncoder writes the pairs as {@code "kvpList": [{"k1":"v1"}, {"k2":"v2"}]}. */
  private static Map<String, String> keyValues(JsonNode line) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (JsonNode pair : line.get("kvpList")) {
      pair.fields().forEachRemaining(e -> pairs.put(e.getKey(), e.getValue().asText()));
    }
    return pairs;
  }

  /**
   * Configures logback from {@code logback-json.xml}, exactly as {@code -Dlogback.configurationFile}
   * would, and redirects its {@code JSON} appender's output into memory. A nested class, so
   * that the test class loads (and skips) even where logback is not on the class path.
   */
  private static final class JsonLogCapture {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    JsonLogCapture() throws JoranException {
      if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
        throw new IllegalStateException("SLF4J is not bound to logback but to " + LoggerFactory.getILoggerFactory());
      }
      context.reset();
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      URL config = Objects.requireNonNull(JsonLogCapture.class.getResource("/logback-json.xml"), "logback-json.xml");
      configurator.doConfigure(config);
      Appender<ILoggingEvent> appender = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("JSON");
      ((OutputStreamAppender<ILoggingEvent>) appender).setOutputStream(out);
    }

    /** Returns everything written so far. */
    String output() {
      return out.toString(StandardCharsets.UTF_8);
    }

    /** Stops logback, flushing its appenders. */
    void close() {
      ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }
  }
}
