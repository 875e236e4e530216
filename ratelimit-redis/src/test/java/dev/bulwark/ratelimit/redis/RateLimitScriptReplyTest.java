package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimitAlgorithm;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.exceptions.JedisDataException;

/** The script's reply, one string of eight integers, decoded without Redis. */
class RateLimitScriptReplyTest {

  private final RateLimitScript script =
      new RateLimitScript(
          List.of(RateLimit.perSecond(10), RateLimit.perMinute(100)), RateLimitAlgorithm.TOKEN_BUCKET, null);

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void aGrantDecodesEveryField() {
    RateLimitScript.Reply reply = script.decode(ascii("1 2 99 0 600000 0 0 0"));

    assertThat(reply)
        .isEqualTo(new RateLimitScript.Reply(true, 1, 99, 0, 600_000, 0, -1, 0));
  }

  @Test
  void aRefusalKeepsNeverAsMinusOneAndMicrosecondsBeyondTwoToTheThirtyTwo() {
    RateLimitScript.Reply reply =
        script.decode(ascii("0 1 0 -1 9007199254740991 4503599627370496 1 100000"));

    assertThat(reply)
        .isEqualTo(
            new RateLimitScript.Reply(false, 0, 0, -1, 9_007_199_254_740_991L, 4_503_599_627_370_496L, 0, 100_000));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1 1 5 0 10 0 0", "1 1 5 0 10 0 0 0 0", "1 1 5 0 10 0 0 x", "1  1 5 0 10 0 0 0",
      "1 1 5 0 10 0 0 0 ", "1 1 - 0 10 0 0 0", "1 1 5 0 1234567890123456789 0 0 0"})
  void anythingButEightIntegersIsAClearError(String reply) {
    assertThatThrownBy(() -> script.decode(ascii(reply)))
        .isInstanceOf(JedisDataException.class)
        .hasMessageContaining("rate_limit.lua returned '" + reply + "'");
  }

  @Test
  void aTableReplyFromAnOlderScriptIsAClearError() {
    assertThatThrownBy(() -> script.decode(List.of(1L, 1L, 5L, 0L, 10L, 0L, 0L, 0L)))
        .isInstanceOf(JedisDataException.class)
        .hasMessageContaining("not a string of 8 integers");
  }
}
