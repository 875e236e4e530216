package dev.bulwark.servlet;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The request handed to the application after the filter read its body for the edge's checks:
 * {@link #getInputStream()} and {@link #getReader()} replay the bytes read, and a form post's
 * parameters are decoded from them (query pairs first), since the container can no longer read
 * the body itself.
 *
 * <p>Charsets: the request's character encoding when it has one; otherwise ISO-8859-1 for
 * {@link #getReader()} (the servlet default) and UTF-8 for form parameters (what browsers send).
 * Multipart bodies cannot be parsed from here: {@link #getParts()} throws.
 */
final class ReplayedBodyRequest extends HttpServletRequestWrapper {

  private final byte[] body;
  private final int length;
  private @Nullable Replay stream;
  private @Nullable BufferedReader reader;
  private @Nullable Map<String, String[]> form;

  ReplayedBodyRequest(HttpServletRequest request, BodyBuffer body) {
    super(request);
    this.body = body.bytes;
    this.length = body.length;
  }

  @Override
  public ServletInputStream getInputStream() {
    if (reader != null) {
      throw new IllegalStateException("getReader() was already called on this request");
    }
    Replay s = stream;
    if (s == null) {
      s = new Replay(new ByteArrayInputStream(body, 0, length));
      stream = s;
    }
    return s;
  }

  @Override
  public BufferedReader getReader() {
    if (stream != null) {
      throw new IllegalStateException("getInputStream() was already called on this request");
    }
    BufferedReader r = reader;
    if (r == null) {
      r = new BufferedReader(new InputStreamReader(
          new ByteArrayInputStream(body, 0, length), charset(StandardCharsets.ISO_8859_1)));
      reader = r;
    }
    return r;
  }

  private Charset charset(Charset fallback) {
    String name = getCharacterEncoding();
    try {
      return name == null ? fallback : Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }

  private Map<String, String[]> form() {
    Map<String, String[]> f = form;
    if (f == null) {
      Charset charset = charset(StandardCharsets.UTF_8);
      f = FormParameters.parse(getQueryString(), new String(body, 0, length, charset), charset);
      form = f;
    }
    return f;
  }

  private boolean isForm() {
    return FormParameters.isForm(getContentType());
  }

  @Override
  public @Nullable String getParameter(String name) {
    if (!isForm()) {
      return super.getParameter(name);
    }
    String[] values = form().get(name);
    return values == null ? null : values[0];
  }

  @Override
  public Map<String, String[]> getParameterMap() {
    return isForm() ? form() : super.getParameterMap();
  }

  @Override
  public Enumeration<String> getParameterNames() {
    return isForm() ? Collections.enumeration(form().keySet()) : super.getParameterNames();
  }

  @Override
  public String @Nullable [] getParameterValues(String name) {
    if (!isForm()) {
      return super.getParameterValues(name);
    }
    String[] values = form().get(name);
    return values == null ? null : values.clone();
  }

  @Override
  public Collection<Part> getParts() throws ServletException {
    throw multipartUnsupported();
  }

  @Override
  public Part getPart(String name) throws ServletException {
    throw multipartUnsupported();
  }

  private static ServletException multipartUnsupported() {
    return new ServletException("multipart bodies cannot be parsed on a route with body checks"
        + " (RouteBuilder.bodyPolicy): the filter has already read the body");
  }

  /** The replayed body as a servlet stream, always ready. */
  private static final class Replay extends ServletInputStream {

    private final ByteArrayInputStream in;
    private boolean listening;

    Replay(ByteArrayInputStream in) {
      this.in = in;
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return in.read(b, off, len);
    }

    @Override
    public int available() {
      return in.available();
    }

    @Override
    public boolean isFinished() {
      return in.available() == 0;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
      Objects.requireNonNull(listener, "listener");
      if (listening) {
        throw new IllegalStateException("a ReadListener was already set");
      }
      listening = true;
      try {
        if (!isFinished()) {
          listener.onDataAvailable();
        }
        listener.onAllDataRead();
      } catch (IOException | RuntimeException e) {
        listener.onError(e);
      }
    }
  }
}
