package dev.bulwark.examples;

import dev.bulwark.servlet.BulwarkFilter;
import dev.bulwark.servlet.jetty.BulwarkErrorHandler;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link DemoGateway} with embedded Jetty 12 (ee10): the servlet adapter's
 * {@link BulwarkFilter} runs the gateway's edge in front of a {@link DemoServlet} that bridges to
 * the {@link DemoApp} asynchronously (the edge's rejections are counted by the edge's route
 * statistics, which the app reads). Jetty sends no {@code Server} header
 * ({@link HttpConfiguration#setSendServerVersion}): it adds that header after every filter, so
 * the security profiles' removal is a connector setting here.
 *
 * <p>Requests never hold a thread while the app works (held streams, the chat upstream), so a small
 * pool of {@value #MAX_THREADS} threads serves the thousand concurrent streams the edge admits.
 */
final class JettyDemoServer implements DemoServer {

  private static final Logger LOG = LoggerFactory.getLogger(JettyDemoServer.class);

  /** The most Jetty threads: selector, acceptor, and the threads that read bodies and write answers. */
  static final int MAX_THREADS = 32;

  /**
   * The largest request line and headers, 64 KiB: a search query of 5,000 characters (the edge's
   * limit, which must be the one that answers) takes up to 45,000 bytes once percent-encoded.
   */
  static final int MAX_REQUEST_HEAD_BYTES = 64 * 1024;

  private final Server server;
  private final ServerConnector connector;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicBoolean closing = new AtomicBoolean();

  private JettyDemoServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /** The {@link DemoServer.Factory} form: 127.0.0.1 and the options' port. */
  static JettyDemoServer start(DemoOptions options, DemoGateway gateway) throws IOException {
    return start(InetAddress.getLoopbackAddress().getHostAddress(), options.port(), gateway);
  }

  /**
   * Starts a server.
   *
   * @param host the address literal to listen on, e.g. {@code 127.0.0.1}
   * @param port the port; 0 picks a free one
   * @throws IOException if the server cannot listen
   */
  static JettyDemoServer start(String host, int port, DemoGateway gateway) throws IOException {
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4);
    threads.setName("demo-jetty");
    threads.setDaemon(true);
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setRequestHeaderSize(MAX_REQUEST_HEAD_BYTES);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler("/");
    EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
    // The stand-in authentication runs first, so that the edge's principal keys see the user.
    FilterHolder authentication = new FilterHolder(new BearerPrincipalFilter());
    authentication.setAsyncSupported(true);
    context.addFilter(authentication, "/*", requests);
    FilterHolder edge = new FilterHolder(new BulwarkFilter(gateway.edges()));
    edge.setAsyncSupported(true);
    context.addFilter(edge, "/*", requests);
    GenericUpstream generic = gateway.genericUpstream();
    if (generic != null) {
      FilterHolder routes = new FilterHolder(new GenericUpstreamFilter(gateway.app(), generic));
      routes.setAsyncSupported(true);
      context.addFilter(routes, "/*", requests);
    }
    JettyWebSocketServletContainerInitializer.configure(context, null);
    context.addServlet(new ServletHolder(new EchoWebSocketServlet()), "/ws");
    ServletHolder servlet = new ServletHolder(new DemoServlet(gateway.app()));
    servlet.setAsyncSupported(true);
    context.addServlet(servlet, "/*");
    server.setHandler(context);
    // Jetty's own errors (unparseable or oversized heads, ambiguous paths) get the edge's headers and body.
    server.setErrorHandler(new BulwarkErrorHandler(gateway.edges())); // the reloaded edge's, after a --config reload
    try {
      server.start();
    } catch (IOException e) {
      stopQuietly(server);
      throw e;
    } catch (Exception e) {
      stopQuietly(server);
      throw new IOException("Jetty did not start: " + e.getMessage(), e);
    }
    return new JettyDemoServer(server, connector);
  }

  @Override
  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public List<String> notes() {
    return List.of("serving with Jetty 12 through the servlet adapter's BulwarkFilter");
  }

  @Override
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  @Override
  public void close() {
    if (closing.compareAndSet(false, true)) {
      stopQuietly(server);
      closed.countDown();
    }
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.debug("stopping Jetty failed", e);
    }
  }
}
