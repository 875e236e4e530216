package dev.bulwark.servlet;

import dev.bulwark.http.Edge;
import dev.bulwark.http.Route;
import dev.bulwark.http.contract.ContractServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.EnumSet;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** An embedded Jetty 12 (ee10) on 127.0.0.1 and an ephemeral port, for tests. */
final class EmbeddedJetty implements ContractServer {

  private final Server server;
  private final ServerConnector connector;

  private EmbeddedJetty(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /** Returns the container's own request behind any wrappers a filter put around it. */
  static HttpServletRequest containers(ServletRequest request) {
    ServletRequest r = request;
    while (r instanceof ServletRequestWrapper) {
      r = ((ServletRequestWrapper) r).getRequest();
    }
    return (HttpServletRequest) r;
  }

  /**
   * Starts a server whose every request passes a {@link BulwarkFilter} over one catch-all route
   * with the defaults, then reaches {@code servlet}: for tests that look at what the adapter
   * hands the application.
   *
   * @param servlet what the application does with each admitted request
   */
  static EmbeddedJetty behindBulwark(LambdaServlet.Handler servlet) throws Exception {
    Edge edge = Edge.builder().route(Route.builder("/**").build()).build();
    return start("/", context -> {
      context.addFilter(new BulwarkFilter(edge), "/*", EnumSet.of(DispatcherType.REQUEST));
      context.addServlet(new ServletHolder(new LambdaServlet(servlet)), "/*");
    });
  }

  /**
   * Starts a server with one servlet context.
   *
   * @param contextPath the context path, such as {@code "/"} or {@code "/app"}
   * @param setup adds the filter and servlets to the context
   */
  static EmbeddedJetty start(String contextPath, Consumer<ServletContextHandler> setup) throws Exception {
    return start(contextPath, setup, server -> { });
  }

  /**
   * Starts a server with one servlet context, after a setup of the server itself.
   *
   * @param contextPath the context path, such as {@code "/"} or {@code "/app"}
   * @param setup adds the filter and servlets to the context
   * @param serverSetup configures the server, such as its error handler
   */
  static EmbeddedJetty start(
      String contextPath, Consumer<ServletContextHandler> setup, Consumer<Server> serverSetup) throws Exception {
    QueuedThreadPool threads = new QueuedThreadPool(32, 4);
    threads.setName("jetty-test");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    // Jetty adds its Server header when it commits a response, after any filter: the security
    // profiles' removal of Server is a connector setting here.
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler(contextPath);
    setup.accept(context);
    server.setHandler(context);
    serverSetup.accept(server);
    server.start();
    return new EmbeddedJetty(server, connector);
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
    server.join();
  }
}
