package dev.bulwark.servlet;

import dev.bulwark.core.Ticker;
import dev.bulwark.http.ConnectionPolicy;
import dev.bulwark.http.EdgeConnection;
import dev.bulwark.http.EdgeExchange;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.OutgoingEntry;
import org.eclipse.jetty.websocket.core.WebSocketConnection;

/**
 * Holds a WebSocket upgraded on Jetty 12 to its route's concurrency permit until the socket closes.
 *
 * <h2>How the filter sees the socket</h2>
 * Jetty's handshake (any of its WebSocket APIs: Jetty, Jakarta, core) leaves the new
 * {@link WebSocketConnection} in the request attribute {@link HttpStream#UPGRADE_CONNECTION_ATTRIBUTE}
 * and switches the endpoint to it once the {@code 101} has been sent. The filter finds it there when
 * the chain returns, turns the exchange into an {@link EdgeConnection}, and listens for the
 * connection's close, whoever closes it and why. If the switch never happens (the {@code 101}
 * could not be sent), the HTTP connection closes with its endpoint instead, which the filter
 * listens for too.
 *
 * <h2>Idle and heartbeat</h2>
 * The adapter sees the connection's frame counts, not its frames: a {@code Watch} checks them on one
 * shared daemon timer. Heartbeat: every ping interval a ping is queued, and if no frame at all was
 * read within the pong timeout, the endpoint is closed (the peer is gone). Idle: a frame read
 * beyond the answers to the server's own pings counts as activity, checked four times per idle
 * timeout, so a socket idle for the timeout is closed within a quarter of it after, with a close
 * frame 1001.
 *
 * <p>Only loaded when a response is a {@code 101}; on a container without Jetty's WebSocket classes
 * loading fails and the filter finishes the exchange at once instead.
 */
final class JettyUpgrades {

  /** The one timer of every watched socket: a daemon thread that only reads counters and queues frames. */
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "bulwark-websocket-watch");
    t.setDaemon(true);
    return t;
  });

  private static final Ticker TICKER = Ticker.system();

  private JettyUpgrades() {}

  /**
   * Holds the permit of an exchange whose response is a {@code 101} until its WebSocket closes;
   * tells whether it did (false: no Jetty upgrade was found, finish the exchange as usual).
   */
  static boolean hold(EdgeExchange exchange, HttpServletRequest request) {
    Object upgrade = request.getAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE);
    if (!(upgrade instanceof WebSocketConnection)) {
      return false;
    }
    WebSocketConnection ws = (WebSocketConnection) upgrade;
    EdgeConnection connection = exchange.upgrade(() -> close(ws, "server going away"));
    Watch watch = new Watch(ws, connection);
    ws.addEventListener(new Connection.Listener() {
      @Override
      public void onClosed(Connection c) {
        connection.close();
      }
    });
    Connection http = ws.getEndPoint().getConnection();
    if (http != null && http != ws) {
      http.addEventListener(new Connection.Listener() {
        @Override
        public void onClosed(Connection c) {
          // Also called when the endpoint switches to the WebSocket: only a closed endpoint ends it.
          if (!ws.getEndPoint().isOpen()) {
            connection.close();
          }
        }
      });
    }
    watch.start();
    return true;
  }

  /** Queues a close frame 1001 with {@code reason}, then closes the endpoint. */
  static void close(WebSocketConnection ws, String reason) {
    Frame frame = CloseStatus.toFrame(CloseStatus.SHUTDOWN, reason);
    ws.enqueueFrame(new OutgoingEntry.Builder(frame, Callback.from(() -> ws.getEndPoint().close())).build());
  }

  /**
   * The idle and heartbeat checks of one socket; see the class description. Every check runs on
   * {@link #TIMER}'s one thread, so the fields need no lock.
   */
  private static final class Watch {
    private final WebSocketConnection ws;
    private final EdgeConnection connection;
    private final long idleNanos;
    private final long pingNanos;
    private final long pongNanos;
    /** Frames read when idleness was last checked, and pings sent since. */
    private long framesAtCheck;
    private long pingsSinceCheck;
    private long idleSince;

    Watch(WebSocketConnection ws, EdgeConnection connection) {
      this.ws = ws;
      this.connection = connection;
      ConnectionPolicy policy = connection.policy();
      this.idleNanos = policy.idleTimeoutNanos();
      this.pingNanos = policy.pingIntervalNanos();
      this.pongNanos = policy.pongTimeoutNanos();
    }

    void start() {
      if (idleNanos > 0) {
        idleSince = TICKER.read();
        schedule(this::checkIdle, Math.max(1, idleNanos / 4));
      }
      if (pingNanos > 0) {
        schedule(this::ping, pingNanos);
      }
    }

    private void schedule(Runnable task, long nanos) {
      if (connection.isOpen()) {
        var unused = TIMER.schedule(task, nanos, TimeUnit.NANOSECONDS);
      }
    }

    private void checkIdle() {
      long now = TICKER.read();
      long frames = ws.getMessagesIn();
      if (frames - framesAtCheck > pingsSinceCheck) {
        idleSince = now;
      }
      framesAtCheck = frames;
      pingsSinceCheck = 0;
      if (!connection.isOpen()) {
        return;
      }
      if (now - idleSince >= idleNanos) {
        close(ws, "idle timeout");
      } else {
        schedule(this::checkIdle, Math.max(1, idleNanos / 4));
      }
    }

    private void ping() {
      if (!connection.isOpen()) {
        return;
      }
      long before = ws.getMessagesIn();
      pingsSinceCheck++;
      ws.enqueueFrame(new OutgoingEntry.Builder(new Frame(OpCode.PING), Callback.NOOP).build());
      schedule(() -> {
        if (ws.getMessagesIn() == before) {
          ws.getEndPoint().close();
        } else {
          schedule(this::ping, pingNanos);
        }
      }, pongNanos);
    }
  }

}
