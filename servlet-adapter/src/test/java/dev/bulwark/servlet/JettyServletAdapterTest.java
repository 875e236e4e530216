package dev.bulwark.servlet;

import dev.bulwark.http.Edge;
import dev.bulwark.http.contract.ContractApp;
import dev.bulwark.http.contract.ContractServer;
import dev.bulwark.http.contract.EdgeAdapterContract;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/** The shared adapter suite on embedded Jetty 12, with the filter registered programmatically. */
class JettyServletAdapterTest extends EdgeAdapterContract {

  @Override
  protected ContractServer start(Edge edge, ContractApp app) throws Exception {
    return EmbeddedJetty.start("/", context -> {
      context.addFilter(new BulwarkFilter(edge), "/*", EnumSet.of(DispatcherType.REQUEST));
      ServletHolder servlet = new ServletHolder(new ContractServlet(app));
      servlet.setAsyncSupported(true);
      context.addServlet(servlet, "/*");
    });
  }

  /** Jetty sets the {@code Content-Length} of an undeclared response when it commits it, later. */
  @Override
  protected long synchronousResponseBytes(long bytes) {
    return -1;
  }
}
