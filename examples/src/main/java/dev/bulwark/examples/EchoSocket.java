package dev.bulwark.examples;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** A Jetty WebSocket endpoint that sends each text message back (public: Jetty calls it). */
@SuppressWarnings("exports") // Jetty calls it; not part of an API
public final class EchoSocket extends Session.Listener.AbstractAutoDemanding {

  /** Creates the endpoint; Jetty creates one per socket. */
  public EchoSocket() {}

  /**
   * Sends the message back.
   *
   * @param message the text received
   */
  @Override
  public void onWebSocketText(String message) {
    getSession().sendText(message, Callback.NOOP);
  }
}
