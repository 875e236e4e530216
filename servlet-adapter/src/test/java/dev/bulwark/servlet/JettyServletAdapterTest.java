package dev.bulwark.servlet;

import dev.bulwark.http.Edge;
import dev.bulwark.http.contract.ContractApp;
import dev.bulwark.http.contract.ContractServer;
import dev.bulwark.http.contract.EdgeAdapterContract;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The shared adapter suite on embedded Jetty 12, with the filter registered programmatically. The
 * filter reads Jetty's own count of the response bytes, so every size is exact here.
 */
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
}
