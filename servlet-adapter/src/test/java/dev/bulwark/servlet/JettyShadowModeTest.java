package dev.bulwark.servlet;

import dev.bulwark.http.Edge;
import dev.bulwark.http.contract.ContractApp;
import dev.bulwark.http.contract.ContractServer;
import dev.bulwark.http.contract.ShadowModeContract;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/** Shadow mode over real HTTP on embedded Jetty 12, with the filter registered programmatically. */
class JettyShadowModeTest extends ShadowModeContract {

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
