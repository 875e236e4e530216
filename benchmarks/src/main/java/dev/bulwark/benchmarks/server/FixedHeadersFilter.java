package dev.bulwark.benchmarks.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The {@code api} profile's headers set by hand before the chain runs ({@link ApiHeaders}): what a
 * server pays for the headers alone, with no decision.
 */
final class FixedHeadersFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    for (int i = 0; i < ApiHeaders.NAMES.length; i++) {
      response.setHeader(ApiHeaders.NAMES[i], ApiHeaders.VALUES[i]);
    }
    for (String name : ApiHeaders.REMOVED) {
      response.setHeader(name, null);
    }
    chain.doFilter(request, response);
  }
}
