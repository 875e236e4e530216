package dev.bulwark.servlet;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** A Jetty WebSocket endpoint that sends every text message back; public so that Jetty can call it. */
@SuppressWarnings("exports") // a test endpoint: Jetty, not a module, uses it
public final class EchoSocket extends Session.Listener.AbstractAutoDemanding {

  /** Creates the endpoint. */
  public EchoSocket() {}

  @Override
  public void onWebSocketText(String message) {
    getSession().sendText(message, Callback.NOOP);
  }
}
