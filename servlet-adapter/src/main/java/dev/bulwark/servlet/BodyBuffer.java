package dev.bulwark.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A request body read into memory for the edge's body checks: at most the route's limit plus one
 * byte, so that a longer body is known to be too long without being read to its end.
 */
final class BodyBuffer {

  /** The bytes read; the buffer may be longer than {@link #length}. */
  final byte[] bytes;
  /** How many bytes of {@link #bytes} were read. */
  final int length;

  private BodyBuffer(byte[] bytes, int length) {
    this.bytes = bytes;
    this.length = length;
  }

  /**
   * Reads until the end of the body or until {@code limit + 1} bytes were read.
   *
   * @param in the body
   * @param limit the most bytes that pass, 0 to {@code Integer.MAX_VALUE - 9}
   * @param declared the declared length, or -1 when unknown: sizes the first buffer
   */
  static BodyBuffer read(InputStream in, long limit, long declared) throws IOException {
    int cap = (int) (limit + 1);
    byte[] buffer = new byte[(int) Math.min(cap, declared >= 0 ? declared + 1 : 8192)];
    int length = 0;
    while (length < cap) {
      if (length == buffer.length) {
        buffer = Arrays.copyOf(buffer, (int) Math.min(cap, 2L * buffer.length));
      }
      int read = in.read(buffer, length, buffer.length - length);
      if (read < 0) {
        break;
      }
      length += read;
    }
    return new BodyBuffer(buffer, length);
  }
}
