package dev.bulwark.examples;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * Runs in front of the {@link dev.bulwark.servlet.BulwarkFilter}: tells the edge's
 * {@link GateOutcomes} which app route the request is for while the rest of the chain runs on
 * this thread, so that a request a gate refuses is counted on its route (see
 * {@link GateOutcomes}).
 */
final class RouteKeyFilter implements Filter {

  private final DemoApp app;
  private final GateOutcomes outcomes;

  RouteKeyFilter(DemoApp app, GateOutcomes outcomes) {
    this.app = app;
    this.outcomes = outcomes;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest)) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletRequest http = (HttpServletRequest) request;
    outcomes.enter(app.routeKey(http.getMethod(), DemoServlet.path(http)));
    try {
      chain.doFilter(request, response);
    } finally {
      outcomes.exit();
    }
  }
}
