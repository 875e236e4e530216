package dev.bulwark.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.eclipse.jetty.ee10.servlet.ServletApiRequest;
import org.eclipse.jetty.server.Request;
import org.jspecify.annotations.Nullable;

/**
 * The peer address of a Jetty 12 (ee10) request as {@code ServletEdgeRequest} wants it, formatted
 * once per connection instead of once per request.
 *
 * <p>{@code getRemoteAddr()} formats the connection's {@link InetSocketAddress} into a new string on
 * every call ({@code InetAddress.getHostAddress()}). Jetty hands out the same address object for
 * every request of a connection (the channel keeps it), and a {@code ForwardedRequestCustomizer}
 * that rewrites it creates a new one, so the text is a pure function of that object's identity: it
 * is kept in a small table keyed by identity, where an address may sit in one of two neighbouring
 * slots. Entries are immutable and replace each other without a lock; a collision or a race only
 * means formatting again. The table holds at most {@value #SLOTS} addresses. What is formatted is
 * what {@code getRemoteAddr()} returns ({@link Request#getHostName(InetSocketAddress)}), as
 * {@link ServletEdgeRequest#literal} reads it.
 *
 * <p>Only for the container's own request object ({@link ServletApiRequest}): a request a filter
 * in front wrapped may answer {@code getRemoteAddr()} its own way, so it is asked. Loaded only where
 * {@link JettyEe10#AVAILABLE}. Thread-safe.
 */
final class JettyPeers {

  private static final int SLOTS = 1024;

  /** An address and its text; final fields, so a racy read sees both or no entry. */
  private record Peer(SocketAddress address, String literal) {}

  private static final Peer[] PEERS = new Peer[SLOTS];

  private JettyPeers() {}

  /**
   * Returns the request's peer address without brackets or zone, or null when the request is not
   * Jetty's own or its peer is not an IP socket address (the caller then asks the servlet API).
   */
  static @Nullable String literal(HttpServletRequest request) {
    if (!(request instanceof ServletApiRequest)) {
      return null;
    }
    SocketAddress address = ((ServletApiRequest) request).getRequest().getConnectionMetaData().getRemoteSocketAddress();
    if (!(address instanceof InetSocketAddress)) {
      return null;
    }
    int slot = System.identityHashCode(address) & (SLOTS - 1);
    int other = slot ^ 1;
    Peer peer = PEERS[slot];
    if (peer != null && peer.address == address) {
      return peer.literal;
    }
    Peer neighbour = PEERS[other];
    if (neighbour != null && neighbour.address == address) {
      return neighbour.literal;
    }
    String literal = ServletEdgeRequest.literal(Request.getHostName((InetSocketAddress) address));
    // Two slots per address: two connections whose hashes collide both stay.
    PEERS[peer == null || neighbour != null ? slot : other] = new Peer(address, literal);
    return literal;
  }
}
