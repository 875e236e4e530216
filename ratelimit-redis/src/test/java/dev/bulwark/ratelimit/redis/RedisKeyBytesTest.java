package dev.bulwark.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A key's bytes are exactly the UTF-8 of head + text + tail, on the ASCII and the other path. */
class RedisKeyBytesTest {

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void asciiTextIsCopiedBetweenHeadAndTail() {
    RedisKeyBytes keys = new RedisKeyBytes("bulwark:rl:api:{", "}");
    assertThat(keys.of("10.0.0.1")).isEqualTo(utf8("bulwark:rl:api:{10.0.0.1}"));
    assertThat(keys.of("")).isEqualTo(utf8("bulwark:rl:api:{}"));
  }

  @Test
  void nonAsciiTextIsEncodedAsUtf8WhereverItIs() {
    RedisKeyBytes keys = new RedisKeyBytes("p:{", "}");
    String accented = "caf\u00e9";
    String cjk = "\u6771\u4eac";
    String emoji = "\uD83D\uDE00"; // a surrogate pair: four UTF-8 bytes
    for (String text : new String[] {accented, cjk, emoji, "a" + emoji + "b", accented + "-x"}) {
      assertThat(keys.of(text)).isEqualTo(utf8("p:{" + text + "}"));
    }
  }

  @Test
  void aNonAsciiHeadOrAnEmptyTailIsKept() {
    assertThat(new RedisKeyBytes("{\u00e9}route:", "").of("c")).isEqualTo(utf8("{\u00e9}route:c"));
    assertThat(new RedisKeyBytes("", "").of("\u00e9")).isEqualTo(utf8("\u00e9"));
  }
}
