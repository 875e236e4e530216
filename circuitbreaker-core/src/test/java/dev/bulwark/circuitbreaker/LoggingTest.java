package dev.bulwark.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every transition is logged with its from, to, reason and failure rate, listener or not; calls are
 * not. slf4j-simple writes the test logs to a file (see simplelogger.properties), read back here.
 */
class LoggingTest {

  @Test
  void transitionsAreLoggedAndCallsAreNot() throws Exception {
    ManualTicker ticker = new ManualTicker();
    CircuitBreaker breaker =
        CircuitBreaker.builder("logging-test-breaker")
            .config(
                CircuitBreakerConfig.builder()
                    .slidingWindow(SlidingWindow.ofCalls(4))
                    .minimumCalls(2)
                    .openDuration(Duration.ofSeconds(1))
                    .build())
            .ticker(ticker)
            .build();
    for (int i = 0; i < 5; i++) {
      breaker.call(() -> "fine");
    }
    Mode.SYNC.fail(breaker, ticker);
    Mode.SYNC.fail(breaker, ticker); // 2 of 4 failed
    assertThat(Mode.SYNC.fail(breaker, ticker)).isEqualTo("rejected:OPEN");
    ticker.advance(Duration.ofSeconds(1));
    breaker.call(() -> "fine");

    assertThat(linesAbout("logging-test-breaker"))
        .containsExactly(
            "WARN dev.bulwark.circuitbreaker.CircuitBreaker - breaker=logging-test-breaker from=CLOSED to=OPEN"
                + " reason=FAILURE_RATE failureRate=50.0 slowCallRate=-1.0 generation=1"
                + " circuit breaker 'logging-test-breaker' CLOSED -> OPEN (FAILURE_RATE)",
            "INFO dev.bulwark.circuitbreaker.CircuitBreaker - breaker=logging-test-breaker from=OPEN to=HALF_OPEN"
                + " reason=OPEN_DURATION_ELAPSED failureRate=-1.0 slowCallRate=-1.0 generation=2"
                + " circuit breaker 'logging-test-breaker' OPEN -> HALF_OPEN (OPEN_DURATION_ELAPSED)",
            "INFO dev.bulwark.circuitbreaker.CircuitBreaker - breaker=logging-test-breaker from=HALF_OPEN to=CLOSED"
                + " reason=TRIALS_SUCCEEDED failureRate=-1.0 slowCallRate=-1.0 generation=3"
                + " circuit breaker 'logging-test-breaker' HALF_OPEN -> CLOSED (TRIALS_SUCCEEDED)");
  }

  private static List<String> linesAbout(String breaker) throws IOException {
    Path log = Path.of("target", "circuitbreaker-tests.log");
    return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .filter(line -> line.contains(breaker))
        .collect(Collectors.toList());
  }
}
