package dev.bulwark.servlet;

import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.RequestIds;
import dev.bulwark.http.contract.ContractApp;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.MDC;

/** The contract app ({@link ContractApp}) as a servlet, mapped to {@code /*}. */
final class ContractServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  /** The test hooks; a servlet is not serialised in these tests. */
  private final transient ContractApp app;

  ContractServlet(ContractApp app) {
    this.app = app;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
    if (path.startsWith(ContractApp.PATHS_PREFIX)) {
      EdgeExchange exchange = (EdgeExchange) request.getAttribute(BulwarkFilter.EXCHANGE_ATTRIBUTE);
      text(response, request.getServletPath() + path + "\n" + (exchange == null ? "-" : exchange.path()));
      return;
    }
    switch (path) {
      case "/ok" -> {
        Object nonce = request.getAttribute(BulwarkFilter.CSP_NONCE_ATTRIBUTE);
        if (nonce != null) {
          response.setHeader(ContractApp.NONCE_HEADER, nonce.toString());
        }
        String mdc = MDC.get(RequestIds.MDC_KEY);
        if (mdc != null) {
          response.setHeader(ContractApp.MDC_HEADER, mdc);
        }
        text(response, ContractApp.OK_BODY);
      }
      case "/fail" -> response.sendError(500);
      case "/throw" -> throw new IllegalStateException("boom");
      case "/slow" -> {
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        app.park(() -> {
          try {
            text((HttpServletResponse) async.getResponse(), ContractApp.SLOW_BODY);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          } finally {
            async.complete();
          }
        });
      }
      case "/api/search" -> text(response, ContractApp.SEARCH_BODY);
      default -> response.sendError(404);
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if ("/drain".equals(request.getPathInfo())) {
      text(response, Integer.toString(request.getInputStream().readAllBytes().length));
      return;
    }
    if (!"/echo".equals(request.getPathInfo())) {
      response.sendError(404);
      return;
    }
    byte[] body = request.getInputStream().readAllBytes();
    response.setContentType(request.getContentType());
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  static void text(HttpServletResponse response, String body) throws IOException {
    response.setContentType("text/plain");
    response.setCharacterEncoding("UTF-8");
    response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
  }
}
