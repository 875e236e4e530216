package dev.bulwark.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A servlet whose {@code service} is a lambda, for tests. */
final class LambdaServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** What the servlet does with a request. */
  @FunctionalInterface
  interface Handler {
    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException;
  }

  /** The handler; servlets are not serialised in these tests. */
  private final transient Handler handler;

  LambdaServlet(Handler handler) {
    this.handler = handler;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    handler.handle(request, response);
  }
}
