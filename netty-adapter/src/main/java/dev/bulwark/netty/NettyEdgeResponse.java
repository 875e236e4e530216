package dev.bulwark.netty;

import dev.bulwark.http.EdgeResponse;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * The {@link EdgeResponse} view of an outgoing Netty response's headers, through which
 * {@link BulwarkHandler} lets the exchange write its security, CORS and rate-limit headers just
 * before the codec encodes them. Netty header names are case-insensitive, as the view requires.
 */
final class NettyEdgeResponse implements EdgeResponse {

  private final HttpHeaders headers;

  NettyEdgeResponse(HttpHeaders headers) {
    this.headers = headers;
  }

  @Override
  public void setHeader(String name, String value) {
    headers.set(name, value);
  }

  @Override
  public void addHeader(String name, String value) {
    headers.add(name, value);
  }

  @Override
  public boolean containsHeader(String name) {
    return headers.contains(name);
  }

  @Override
  public void removeHeader(String name) {
    headers.remove(name);
  }

  @Override
  public String toString() {
    return "NettyEdgeResponse" + headers.names();
  }
}
