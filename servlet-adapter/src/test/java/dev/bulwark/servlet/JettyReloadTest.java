package dev.bulwark.servlet;

import dev.bulwark.http.ReloadableEdge;
import dev.bulwark.http.contract.ContractApp;
import dev.bulwark.http.contract.ContractServer;
import dev.bulwark.http.contract.ReloadContract;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/** Hot reload on embedded Jetty 12: the filter built with {@code new BulwarkFilter(ReloadableEdge)}. */
class JettyReloadTest extends ReloadContract {

  @Override
  protected ContractServer start(ReloadableEdge edges, ContractApp app) throws Exception {
    return EmbeddedJetty.start("/", context -> {
      context.addFilter(new BulwarkFilter(edges), "/*", EnumSet.of(DispatcherType.REQUEST));
      ServletHolder servlet = new ServletHolder(new ContractServlet(app));
      servlet.setAsyncSupported(true);
      context.addServlet(servlet, "/*");
    });
  }
}
