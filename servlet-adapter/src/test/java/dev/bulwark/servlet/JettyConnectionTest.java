package dev.bulwark.servlet;

import dev.bulwark.http.Edge;
import dev.bulwark.http.contract.ConnectionContract;
import dev.bulwark.http.contract.ContractApp;
import dev.bulwark.http.contract.ContractServer;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;

/**
 * The long-lived connection and drain suite on embedded Jetty 12: the filter in front of a
 * {@link JettyWebSocketServlet} at {@code /ws} (a text echo) and the contract app.
 */
class JettyConnectionTest extends ConnectionContract {

  @Override
  protected ContractServer start(Edge edge, ContractApp app) throws Exception {
    return EmbeddedJetty.start("/", context -> {
      JettyWebSocketServletContainerInitializer.configure(context, null);
      context.addFilter(new BulwarkFilter(edge), "/*", EnumSet.of(DispatcherType.REQUEST));
      context.addServlet(new ServletHolder(new EchoServlet()), "/ws");
      ServletHolder servlet = new ServletHolder(new ContractServlet(app));
      servlet.setAsyncSupported(true);
      context.addServlet(servlet, "/*");
    });
  }

  /** Upgrades {@code /ws} to an {@link EchoSocket}. */
  static final class EchoServlet extends JettyWebSocketServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void configure(JettyWebSocketServletFactory factory) {
      factory.setCreator((request, response) -> new EchoSocket());
    }
  }
}
