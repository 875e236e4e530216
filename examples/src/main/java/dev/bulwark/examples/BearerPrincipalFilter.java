package dev.bulwark.examples;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.security.Principal;

/**
 * Registered before the servlet adapter's {@code BulwarkFilter}: a request with
 * {@code Authorization: Bearer <user-id>} ({@link BearerPrincipal}) goes on wrapped so that
 * {@code getUserPrincipal()} and {@code getRemoteUser()} name that user, which the edge's
 * {@code principal} rate-limit keys read. Other requests pass unchanged. Thread-safe.
 */
final class BearerPrincipalFilter implements Filter {

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request instanceof HttpServletRequest) {
      HttpServletRequest http = (HttpServletRequest) request;
      String user = BearerPrincipal.user(http.getHeader("Authorization"));
      if (user != null) {
        chain.doFilter(new Authenticated(http, user), response);
        return;
      }
    }
    chain.doFilter(request, response);
  }

  /** The request as seen by everything after this filter: authenticated as one user. */
  private static final class Authenticated extends HttpServletRequestWrapper {
    private final Principal principal;

    Authenticated(HttpServletRequest request, String user) {
      super(request);
      this.principal = () -> user;
    }

    @Override
    public Principal getUserPrincipal() {
      return principal;
    }

    @Override
    public String getRemoteUser() {
      return principal.getName();
    }
  }
}
