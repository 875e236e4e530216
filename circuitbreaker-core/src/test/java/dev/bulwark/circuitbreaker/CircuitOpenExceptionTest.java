package dev.bulwark.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.core.RejectedException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitOpenExceptionTest {

  @Test
  void isAStacklessRejectionSharedByAllCallersOfOneOpening() {
    ManualTicker ticker = new ManualTicker();
    CircuitOpenException e = CircuitOpenException.open("db", Duration.ofSeconds(30).toNanos(), 0L, ticker);
    assertThat(e).isInstanceOf(RejectedException.class);
    assertThat(e.getStackTrace()).isEmpty();
    e.addSuppressed(new IllegalStateException("ignored"));
    assertThat(e.getSuppressed()).isEmpty();
    ticker.advance(Duration.ofSeconds(12));
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(18));
    ticker.advance(Duration.ofMinutes(1));
    assertThat(e.retryAfterNanos()).isZero();
  }

  @Test
  void aDeserializedCopyReportsTheWholeOpenDuration() throws Exception {
    ManualTicker ticker = new ManualTicker();
    CircuitOpenException e = CircuitOpenException.open("db", Duration.ofSeconds(30).toNanos(), 0L, ticker);
    ticker.advance(Duration.ofSeconds(10));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(e);
    }
    CircuitOpenException copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (CircuitOpenException) in.readObject();
    }
    assertThat(copy.source()).isEqualTo("db");
    assertThat(copy.state()).isEqualTo(CircuitState.OPEN);
    assertThat(copy.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(copy).hasMessage("circuit breaker 'db' is OPEN (open duration PT30S)");
  }

  @Test
  void halfOpenAndForcedOpenRejectionsHaveNoRetryAfter() {
    CircuitOpenException half = CircuitOpenException.halfOpenFull("db", 3);
    assertThat(half).hasMessage("circuit breaker 'db' is HALF_OPEN and all 3 trial calls are in flight");
    assertThat(half.retryAfterNanos()).isEqualTo(RejectedException.UNKNOWN);
    CircuitOpenException forced = CircuitOpenException.forcedOpen("db");
    assertThat(forced).hasMessage("circuit breaker 'db' is FORCED_OPEN");
    assertThat(forced.state()).isEqualTo(CircuitState.FORCED_OPEN);
    assertThat(forced.retryAfter()).isEqualTo(Duration.ZERO);
  }
}
