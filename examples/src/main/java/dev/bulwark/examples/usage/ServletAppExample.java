package dev.bulwark.examples.usage;

import dev.bulwark.core.Ticker;
import dev.bulwark.headers.SecurityHeaders;
import dev.bulwark.http.ConcurrencyGate;
import dev.bulwark.http.Edge;
import dev.bulwark.http.RateLimitGate;
import dev.bulwark.http.Route;
import dev.bulwark.http.RouteValidation;
import dev.bulwark.servlet.BulwarkFilter;
import dev.bulwark.validation.InputPolicy;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A servlet application wrapped in a few lines: the {@link Edge} says what protects which route,
 * and one {@link BulwarkFilter} in front of the servlet enforces it. The servlet knows nothing of
 * Bulwark; refused requests (429 with {@code Retry-After}, 400 for an injection, all with a
 * problem+json body) never reach it, and admitted ones get the security headers.
 *
 * <p>Embedded Jetty 12 (ee10) here; any Servlet 6 container takes the same filter.
 */
public final class ServletAppExample {

  private ServletAppExample() {}

  /** The application: a plain servlet. */
  static final class HelloServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setContentType("text/plain;charset=utf-8");
      response.getWriter().write("hello " + request.getParameter("name"));
    }
  }

  /**
   * The protection: {@code GET /api/hello} at most 3 per minute and 2 in flight per client IP, its
   * query checked for SQL injection and XSS, JSON API security headers.
   *
   * @param ticker the limiters' clock ({@code Ticker.system()} in production)
   * @return the edge
   */
  static Edge edge(Ticker ticker) {
    return Edge.builder()
        .ticker(ticker)
        .route(Route.builder("/api/hello").name("hello").methods("GET")
            .rateLimit(RateLimitGate.of("3/minute")).concurrency(ConcurrencyGate.of(2, 100))
            .validation(RouteValidation.builder().queryPolicy(InputPolicy.forQueries()).build())
            .securityHeaders(SecurityHeaders.api())
            .build())
        .build();
  }

  /**
   * Starts Jetty on 127.0.0.1 with the filter in front of the servlet.
   *
   * @param edge the edge to enforce
   * @param port the port, 0 for any free one
   * @return the started server; stop it when done
   * @throws Exception if Jetty cannot start
   */
  static Server start(Edge edge, int port) throws Exception {
    ServletContextHandler context = new ServletContextHandler("/");
    context.addFilter(new BulwarkFilter(edge), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new HelloServlet(), "/*");

    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);   // Jetty writes "Server" after every filter: off here
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(context);
    server.start();
    return server;
  }

  /**
   * Serves until stopped: try {@code curl -i 'http://127.0.0.1:8081/api/hello?name=you'} four times.
   *
   * @param args an optional port (default 8081)
   * @throws Exception if Jetty cannot start
   */
  public static void main(String[] args) throws Exception {
    Server server = start(edge(Ticker.system()), args.length > 0 ? Integer.parseInt(args[0]) : 8081);
    System.out.println("serving " + server.getURI() + "api/hello?name=you");
    server.join();
  }
}
