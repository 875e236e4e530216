package dev.bulwark.netty;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;

/**
 * A TCP proxy on 127.0.0.1 to one server whose client-to-server direction the test can hold: while
 * {@link #hold() held}, bytes a client sends are read but not forwarded until {@link #release()};
 * {@link #arrived} is released for each chunk that reaches the gate, so the test knows a call is
 * waiting at it. Makes a server slow, deterministically, without wall time.
 */
final class GatedProxy implements AutoCloseable {

  /** A permit per chunk read from a client while held. */
  final Semaphore arrived = new Semaphore(0);

  private final ServerSocket listener;
  private final int target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Object gate = new Object();
  private boolean held;

  GatedProxy(int target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "gated-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  void hold() {
    synchronized (gate) {
      held = true;
    }
  }

  void release() {
    synchronized (gate) {
      held = false;
      gate.notifyAll();
    }
  }

  private void accept() {
    try {
      while (true) {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(client);
        sockets.add(server);
        pump(client, server, true);
        pump(server, client, false);
      }
    } catch (IOException closed) {
      // the proxy was closed
    }
  }

  private void pump(Socket from, Socket to, boolean gated) {
    Thread pump = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          if (gated) {
            waitForGate();
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // a side closed
      }
    }, "gated-proxy-pump");
    pump.setDaemon(true);
    pump.start();
  }

  private void waitForGate() throws InterruptedException {
    synchronized (gate) {
      if (held) {
        arrived.release();
      }
      while (held) {
        gate.wait();
      }
    }
  }

  @Override
  public void close() throws IOException {
    release();
    listener.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }
}
