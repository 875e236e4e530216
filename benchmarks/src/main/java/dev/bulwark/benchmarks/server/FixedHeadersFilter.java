package dev.bulwark.benchmarks.server;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Header fields set by hand before the chain runs, through the servlet API
 * ({@code setHeader(String, String)}), and the names of {@link ApiHeaders#REMOVED} removed: what a
 * servlet server pays for the fields alone, with no decision.
 */
final class FixedHeadersFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  private final String[] names;
  private final String[] values;

  /**
   * Sets {@code names[i]} to {@code values[i]} on every response.
   *
   * @param names the field names ({@link RouteFields#NAMES} or {@link ApiHeaders#NAMES})
   * @param values their values, parallel to {@code names}
   */
  FixedHeadersFilter(String[] names, String[] values) {
    if (names.length != values.length) {
      throw new IllegalArgumentException("names and values differ in length");
    }
    this.names = names.clone();
    this.values = values.clone();
  }

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    for (int i = 0; i < names.length; i++) {
      response.setHeader(names[i], values[i]);
    }
    for (String name : ApiHeaders.REMOVED) {
      response.setHeader(name, null);
    }
    chain.doFilter(request, response);
  }
}
