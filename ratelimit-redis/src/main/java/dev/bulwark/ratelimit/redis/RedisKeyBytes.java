package dev.bulwark.ratelimit.redis;

import java.nio.charset.StandardCharsets;

/**
 * Builds a Redis key's bytes, a fixed head and tail around a key's text, in one array: the UTF-8
 * bytes of {@code head + text + tail} without the intermediate string, builder and second copy
 * that concatenating and then encoding allocates on every decision. Immutable and thread-safe.
 */
final class RedisKeyBytes {

  private final byte[] head;
  private final byte[] tail;

  /**
   * @param head the text before the key's text
   * @param tail the text after it
   */
  RedisKeyBytes(String head, String tail) {
    this.head = head.getBytes(StandardCharsets.UTF_8);
    this.tail = tail.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Returns the UTF-8 bytes of {@code head + text + tail}: one allocation when {@code text} is
   * ASCII, two otherwise.
   *
   * @param text the key's text
   * @return a new array
   */
  byte[] of(String text) {
    int length = text.length();
    byte[] out = new byte[head.length + length + tail.length];
    int at = head.length;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        return slow(text);
      }
      out[at + i] = (byte) c;
    }
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(tail, 0, out, at + length, tail.length);
    return out;
  }

  private byte[] slow(String text) {
    byte[] middle = text.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + middle.length + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(middle, 0, out, head.length, middle.length);
    System.arraycopy(tail, 0, out, head.length + middle.length, tail.length);
    return out;
  }
}
