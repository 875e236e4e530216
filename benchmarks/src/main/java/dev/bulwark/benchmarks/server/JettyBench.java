package dev.bulwark.benchmarks.server;

import dev.bulwark.servlet.BulwarkFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Embedded Jetty 12 (ee10 servlet) on 127.0.0.1 with Jetty's default thread pool, serving
 * {@link HelloServlet} behind the variant's filter: none, {@link FixedHeadersFilter},
 * {@link PreencodedHeadersFilter}, {@link BulwarkFilter}, or {@link Bucket4jFilter}. Every variant runs with
 * {@code sendServerVersion(false)} (the only way to drop Jetty's {@code Server} header, which it
 * adds after every filter), so the responses differ only by what the filter writes.
 */
final class JettyBench implements BenchServer {

  private final Server server;
  private final ServerConnector connector;
  private final HelloApp app;

  private JettyBench(Server server, ServerConnector connector, HelloApp app) {
    this.server = server;
    this.connector = connector;
    this.app = app;
  }

  /**
   * Starts the server.
   *
   * @param variant what is in front of the application
   * @param port the port, or 0 for an ephemeral one
   * @return the running server
   * @throws Exception if Jetty cannot start
   */
  static JettyBench start(Variant variant, int port) throws Exception {
    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    HelloApp app = new HelloApp();
    ServletContextHandler context = new ServletContextHandler("/");
    Filter filter = filterFor(variant);
    if (filter != null) {
      context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    }
    context.addServlet(new ServletHolder(new HelloServlet(app)), HelloApp.PATH);
    server.setHandler(context);
    server.start();
    return new JettyBench(server, connector, app);
  }

  private static Filter filterFor(Variant variant) {
    switch (variant) {
      case BARE:
        return null;
      case SECURITY:
        return new FixedHeadersFilter(ApiHeaders.NAMES, ApiHeaders.VALUES);
      case HEADERS:
        return new FixedHeadersFilter(RouteFields.NAMES, RouteFields.VALUES);
      case PREENCODED:
        return new PreencodedHeadersFilter();
      case BULWARK:
      case STRICT:
      case RATELIMIT:
        return new BulwarkFilter(BenchEdges.forVariant(variant));
      case BUCKET4J:
        return new Bucket4jFilter(BenchEdges.NEVER_REFUSING_PER_SECOND);
      default:
        throw new IllegalArgumentException("no Jetty filter for " + variant.id());
    }
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public HelloApp app() {
    return app;
  }

  @Override
  public void close() {
    try {
      server.stop();
      server.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping Jetty", e);
    } catch (Exception e) {
      throw new IllegalStateException("Jetty did not stop", e);
    }
  }
}
