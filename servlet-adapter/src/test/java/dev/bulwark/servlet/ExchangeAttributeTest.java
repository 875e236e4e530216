package dev.bulwark.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.headers.ContentSecurityPolicy;
import dev.bulwark.headers.CspDirective;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.http.Edge;
import dev.bulwark.http.EdgeExchange;
import dev.bulwark.http.Route;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link BulwarkFilter#EXCHANGE_ATTRIBUTE} and {@link BulwarkFilter#CSP_NONCE_ATTRIBUTE} are there in
 * every dispatch on Jetty 12, though a plain request no longer sets them on Jetty's request (whose
 * attribute map it would create): the request itself, a forward, an include, an asynchronous
 * request's other thread and its {@code ASYNC} dispatch, and an error page after {@code sendError}.
 */
class ExchangeAttributeTest {

  private static final SecurityHeaders NONCED = SecurityHeaders.builder()
      .contentSecurityPolicy(ContentSecurityPolicy.builder().nonce(CspDirective.SCRIPT_SRC).build())
      .build();

  /** What each servlet saw, by a name the test chooses: "exchange route/nonce length". */
  private final Map<String, String> seen = new ConcurrentHashMap<>();
  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private EmbeddedJetty jetty;

  @AfterEach
  void stop() throws Exception {
    worker.shutdownNow();
    if (jetty != null) {
      jetty.close();
    }
  }

  private static String attributes(ServletRequest request) {
    Object exchange = request.getAttribute(BulwarkFilter.EXCHANGE_ATTRIBUTE);
    Object nonce = request.getAttribute(BulwarkFilter.CSP_NONCE_ATTRIBUTE);
    return (exchange instanceof EdgeExchange ? ((EdgeExchange) exchange).routeName() : String.valueOf(exchange))
        + "/" + (nonce instanceof String ? ((String) nonce).length() : String.valueOf(nonce));
  }

  /** Whether Jetty's own request (under every wrapper) holds the exchange attribute. */
  private static boolean onJettysRequest(HttpServletRequest request) {
    return ServletContextRequest.getServletContextRequest(request).getAttribute(BulwarkFilter.EXCHANGE_ATTRIBUTE) != null;
  }

  private void start(LambdaServlet.Handler main) throws Exception {
    Edge edge = Edge.builder().securityHeaders(NONCED)
        .route(Route.builder("/app/**").name("app").build())
        .build();
    jetty = EmbeddedJetty.start("/", context -> {
      context.addFilter(new BulwarkFilter(edge), "/*", EnumSet.of(DispatcherType.REQUEST));
      ServletHolder servlet = new ServletHolder(new LambdaServlet(main));
      servlet.setAsyncSupported(true);
      context.addServlet(servlet, "/app/*");
      context.addServlet(new ServletHolder(new LambdaServlet((request, response) -> {
        seen.put(request.getDispatcherType() + " " + request.getServletPath(), attributes(request));
        response.getWriter().write("other");
      })), "/other/*");
      ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
      errors.addErrorPage(404, "/other/error");
      context.setErrorHandler(errors);
    });
  }

  @Test
  void thePlainRequestSeesBothWithoutJettysAttributeMap() throws Exception {
    start((request, response) -> {
      seen.put("request", attributes(request));
      seen.put("on Jetty's request", String.valueOf(onJettysRequest(request)));
      response.getWriter().write("ok");
    });

    assertThat(Http.get(jetty.port(), "/app/x").statusCode()).isEqualTo(200);
    assertThat(seen).containsEntry("request", "app/24").containsEntry("on Jetty's request", "false");
  }

  @Test
  void forwardsAndIncludesSeeBoth() throws Exception {
    start((request, response) -> {
      request.getRequestDispatcher("/other/included").include(request, response);
      request.getRequestDispatcher("/other/forwarded").forward(request, response);
    });

    assertThat(Http.get(jetty.port(), "/app/x").statusCode()).isEqualTo(200);
    assertThat(seen).containsEntry("INCLUDE /app", "app/24").containsEntry("FORWARD /other", "app/24");
  }

  @Test
  void anAsynchronousRequestsOtherThreadAndDispatchSeeBoth() throws Exception {
    start((request, response) -> {
      AsyncContext async = request.startAsync();
      var unused = worker.submit(() -> {
        seen.put("async thread", attributes(async.getRequest()));
        async.dispatch("/other/dispatched");
      });
    });

    HttpResponse<String> response = Http.get(jetty.port(), "/app/x");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("other");
    assertThat(seen).containsEntry("async thread", "app/24").containsEntry("ASYNC /other", "app/24");
  }

  @Test
  void anErrorPageSeesBoth() throws Exception {
    start((request, response) -> response.sendError(404));

    HttpResponse<String> response = Http.get(jetty.port(), "/app/x");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(seen).containsEntry("ERROR /other", "app/24");
  }

  @Test
  void theApplicationMaySetRemoveAndListThem() throws Exception {
    start((request, response) -> {
      List<String> names = Collections.list(request.getAttributeNames());
      seen.put("names", String.valueOf(names.contains(BulwarkFilter.EXCHANGE_ATTRIBUTE)
          && names.contains(BulwarkFilter.CSP_NONCE_ATTRIBUTE)));
      request.setAttribute(BulwarkFilter.CSP_NONCE_ATTRIBUTE, "mine");
      request.removeAttribute(BulwarkFilter.EXCHANGE_ATTRIBUTE);
      seen.put("after", attributes(request));
      response.getWriter().write("ok");
    });

    assertThat(Http.get(jetty.port(), "/app/x").statusCode()).isEqualTo(200);
    assertThat(seen).containsEntry("names", "true").containsEntry("after", "null/4");
  }
}
