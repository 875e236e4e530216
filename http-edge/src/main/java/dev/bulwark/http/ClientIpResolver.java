package dev.bulwark.http;

import java.util.Objects;

/**
 * Decides which IP address a request comes from, for keying limits and logging.
 *
 * <p>{@link #peer()} uses the TCP peer address and ignores every forwarding header: the only safe
 * choice when the server is reachable directly, because any client can send any
 * {@code X-Forwarded-For} value.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ClientIpResolver {

  private static final ClientIpResolver PEER = new ClientIpResolver();

  private ClientIpResolver() {}

  /**
   * Returns the resolver that uses the TCP peer address and ignores forwarding headers.
   *
   * @return the peer-address resolver
   */
  public static ClientIpResolver peer() {
    return PEER;
  }

  /**
   * Returns the client IP address of a request.
   *
   * @param request the request
   * @return the client IP literal
   * @throws NullPointerException if {@code request} is null
   */
  public String resolve(EdgeRequest request) {
    Objects.requireNonNull(request, "request");
    return request.peerAddress();
  }

  @Override
  public String toString() {
    return "ClientIpResolver[peer]";
  }
}
