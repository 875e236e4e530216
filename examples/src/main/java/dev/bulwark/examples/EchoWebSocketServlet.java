package dev.bulwark.examples;

import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;

/**
 * The demo's WebSocket echo at {@code /ws} on Jetty: upgrades to an {@link EchoSocket}. It runs
 * behind {@code BulwarkFilter}, so the {@code ws} route's limits apply to the upgrade and each socket
 * keeps its permit until it closes.
 */
final class EchoWebSocketServlet extends JettyWebSocketServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void configure(JettyWebSocketServletFactory factory) {
    factory.setCreator((request, response) -> new EchoSocket());
  }
}
