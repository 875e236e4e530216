package dev.bulwark.validation;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that fails with {@link InputTooLargeException} as soon as more than a limit of
 * bytes has been read from it. It never reads more than one byte beyond the limit from the
 * underlying stream, so an oversized body is rejected without being read to the end.
 *
 * <p>{@code mark}/{@code reset} are not supported. Not thread-safe (like most streams).
 */
public final class LimitedInputStream extends FilterInputStream {

  private final long maxBytes;
  private long count;

  /**
   * Limits {@code in} to {@code maxBytes}.
   *
   * @param in the stream to read
   * @param maxBytes the most bytes that may be read; at least 0
   * @throws NullPointerException if {@code in} is null
   * @throws IllegalArgumentException if {@code maxBytes} is negative
   */
  public LimitedInputStream(InputStream in, long maxBytes) {
    super(java.util.Objects.requireNonNull(in, "in"));
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must be >= 0 but was " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /**
   * Returns how many bytes have been read or skipped so far.
   *
   * @return the count
   */
  public long count() {
    return count;
  }

  /**
   * Returns the limit.
   *
   * @return the most bytes that may be read
   */
  public long maxBytes() {
    return maxBytes;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      add(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    // Ask for at most one byte beyond the limit: enough to know it was passed.
    long allowed = maxBytes - count + 1;
    int n = super.read(b, off, (int) Math.min(len, Math.max(1, allowed)));
    if (n > 0) {
      add(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long allowed = maxBytes - count + 1;
    long skipped = super.skip(Math.min(n, Math.max(0, allowed)));
    if (skipped > 0) {
      add(skipped);
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {
    // Not supported: counting across reset would be ambiguous.
  }

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }

  private void add(long n) throws InputTooLargeException {
    count += n;
    if (count > maxBytes) {
      throw new InputTooLargeException(maxBytes);
    }
  }
}
