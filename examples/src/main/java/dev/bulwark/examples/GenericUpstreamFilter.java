package dev.bulwark.examples;

import dev.bulwark.http.EdgeExchange;
import dev.bulwark.servlet.BulwarkFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Registered after the servlet adapter's {@code BulwarkFilter} when the demo serves a seed: a
 * request the edge admitted ({@link BulwarkFilter#EXCHANGE_ATTRIBUTE}) for which the
 * {@link DemoApp} has no route is answered by the {@link GenericUpstream} on this thread; its
 * exception, while the upstream fails, propagates to the {@code BulwarkFilter}, which answers it
 * with the edge's 500. Everything else goes on to the demo servlet. Thread-safe.
 */
final class GenericUpstreamFilter implements Filter {

  private final DemoApp app;
  private final GenericUpstream upstream;

  GenericUpstreamFilter(DemoApp app, GenericUpstream upstream) {
    this.app = app;
    this.upstream = upstream;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Object exchange = request.getAttribute(BulwarkFilter.EXCHANGE_ATTRIBUTE);
    if (exchange instanceof EdgeExchange && request instanceof HttpServletRequest) {
      HttpServletRequest http = (HttpServletRequest) request;
      String path = ((EdgeExchange) exchange).path();
      if (app.routeKey(http.getMethod(), path) == null && !path.equals("/ws")) {
        byte[] body = upstream.answer(((EdgeExchange) exchange).routeName(), http.getMethod(), path);
        HttpServletResponse out = (HttpServletResponse) response;
        out.setStatus(200);
        out.setContentType("application/json");
        out.setContentLength(body.length);
        out.getOutputStream().write(body);
        return;
      }
    }
    chain.doFilter(request, response);
  }
}
