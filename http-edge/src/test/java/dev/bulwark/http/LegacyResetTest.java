package dev.bulwark.http;

import static dev.bulwark.http.Responses.header;
import static dev.bulwark.http.Responses.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ManualTicker;
import dev.bulwark.http.contract.FakeRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** X-RateLimit-Reset as delta seconds (default) or epoch seconds (slowapi). */
class LegacyResetTest {

  private final ManualTicker ticker = new ManualTicker();

  private Edge edge(LegacyRateLimitReset reset) {
    EdgeBuilder b = Edge.builder().ticker(ticker).legacyRateLimitHeaders(true)
        .clock(Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC))
        .route(Route.builder("/a").rateLimit(RateLimitGate.of("1/minute")).build());
    if (reset != null) {
      b.legacyRateLimitReset(reset);
    }
    return b.build();
  }

  @Test
  void deltaSecondsByDefaultAndEpochSecondsWhenChosen() {
    Edge delta = edge(null);
    delta.begin(FakeRequest.get("/a")).complete(200);
    assertThat(header(rejection(delta.begin(FakeRequest.get("/a"))), "X-RateLimit-Reset")).isEqualTo("60");

    Edge epoch = edge(LegacyRateLimitReset.EPOCH_SECONDS);
    RecordingResponse admitted = new RecordingResponse();
    epoch.begin(FakeRequest.get("/a")).writeHeaders(admitted);
    assertThat(admitted.get("X-RateLimit-Reset")).isEqualTo("1700000060");
    assertThat(header(rejection(epoch.begin(FakeRequest.get("/a"))), "X-RateLimit-Reset")).isEqualTo("1700000060");
    assertThat(header(rejection(epoch.begin(FakeRequest.get("/a"))), "RateLimit")).isEqualTo("\"/a\";r=0;t=60");
  }

  @Test
  void epochNeedsTheLegacyFields() {
    assertThatThrownBy(() -> Edge.builder().legacyRateLimitReset(LegacyRateLimitReset.EPOCH_SECONDS).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("legacyRateLimitReset needs legacyRateLimitHeaders(true)");
  }
}
