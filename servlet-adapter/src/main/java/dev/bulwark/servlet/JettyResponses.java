package dev.bulwark.servlet;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import org.eclipse.jetty.ee10.servlet.ServletApiRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * Reads how many response body bytes the application wrote, from Jetty 12 ee10's own count
 * ({@code HttpOutput.getWritten()}: every byte written through the response's output stream or
 * writer, buffered or flushed, zeroed by {@code resetBuffer()} and {@code reset()}), so that the
 * filter never wraps a response to count it.
 *
 * <p>Only loaded on first use; on a container without Jetty's ee10 classes (or one that hides them
 * from the application) loading fails with a {@link LinkageError}, once, and {@link OutcomeListener}
 * falls back to the response's {@code Content-Length}.
 */
final class JettyResponses {

  private JettyResponses() {}

  /**
   * The body bytes the application wrote so far to the response of {@code request} (or of the
   * request it wraps), or -1 when it is not an ee10 request of Jetty 12 (another container, another
   * Jetty environment, a test's stub). Type checks and field reads; allocates nothing.
   */
  static long bytesWritten(ServletRequest request) {
    ServletRequest r = request;
    while (r instanceof ServletRequestWrapper) {
      r = ((ServletRequestWrapper) r).getRequest();
    }
    // Not ServletContextRequest.getServletContextRequest: it throws for a request that is not Jetty's.
    if (r instanceof ServletApiRequest
        && ((ServletApiRequest) r).getServletRequestInfo() instanceof ServletContextRequest) {
      ServletContextRequest jetty = (ServletContextRequest) ((ServletApiRequest) r).getServletRequestInfo();
      return jetty.getServletContextResponse().getHttpOutput().getWritten();
    }
    return -1;
  }
}
