package dev.bulwark.benchmarks.server;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@link HelloApp} as a servlet: reads {@code q} with {@code getParameter}, writes the JSON. */
final class HelloServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient HelloApp app;

  HelloServlet(HelloApp app) {
    this.app = app;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    byte[] body = app.answer(request.getParameter("q"));
    response.setStatus(200);
    response.setContentType(HelloApp.CONTENT_TYPE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
