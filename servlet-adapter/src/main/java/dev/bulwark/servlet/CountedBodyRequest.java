package dev.bulwark.servlet;

import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.EdgeRejection;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The request handed to the application when its body streams in (no {@code Content-Length}) and
 * no content gate needs it: the body is not read by the filter, only counted as the application
 * reads it. A read that takes it past the exchange's {@link EdgeExchange#bodyLimit()} fails with
 * {@link BodyTooLargeException}, and the exchange is refused then ({@link #rejection()}), so that
 * the filter answers 413 when the application has not responded yet.
 */
final class CountedBodyRequest extends HttpServletRequestWrapper {

  /** What a read past the limit throws; the filter recognises it. */
  static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException(long limit) {
      super("request body larger than " + limit + " bytes");
    }
  }

  private final EdgeExchange exchange;
  private final long limit;
  private @Nullable Counted stream;
  private @Nullable BufferedReader reader;
  private volatile @Nullable EdgeRejection rejection;

  CountedBodyRequest(HttpServletRequest request, EdgeExchange exchange) {
    super(request);
    this.exchange = exchange;
    this.limit = exchange.bodyLimit();
  }

  /** The body bytes the application read so far, or -1 when it never opened the body. */
  long bytesRead() {
    Counted s = stream;
    return s == null ? -1 : s.count;
  }

  /** The 413 to send, once a read went past the limit; null before. */
  @Nullable EdgeRejection rejection() {
    return rejection;
  }

  @Override
  public ServletInputStream getInputStream() throws IOException {
    if (reader != null) {
      throw new IllegalStateException("getReader() was already called on this request");
    }
    Counted s = stream;
    if (s == null) {
      s = new Counted(super.getInputStream());
      stream = s;
    }
    return s;
  }

  @Override
  public BufferedReader getReader() throws IOException {
    BufferedReader r = reader;
    if (r == null) {
      if (stream != null) {
        throw new IllegalStateException("getInputStream() was already called on this request");
      }
      Counted s = new Counted(super.getInputStream());
      r = new BufferedReader(new InputStreamReader(s, charset()));
      reader = r;
    }
    return r;
  }

  private Charset charset() {
    String name = getCharacterEncoding();
    try {
      return name == null ? StandardCharsets.ISO_8859_1 : Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return StandardCharsets.ISO_8859_1;
    }
  }

  /** Counts what passes; past the limit, refuses the exchange and fails every read. */
  private final class Counted extends ServletInputStream {

    private final ServletInputStream in;
    private long count;

    Counted(ServletInputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      checkOpen();
      int b = in.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      checkOpen();
      int n = in.read(b, off, len);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    private void checkOpen() throws BodyTooLargeException {
      if (rejection != null) {
        throw new BodyTooLargeException(limit);
      }
    }

    private void add(int n) throws BodyTooLargeException {
      count += n;
      if (count > limit) {
        rejection = exchange.refuseOversizedBody();
        throw new BodyTooLargeException(limit);
      }
    }

    @Override
    public boolean isFinished() {
      return rejection != null || in.isFinished();
    }

    @Override
    public boolean isReady() {
      return rejection != null || in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
