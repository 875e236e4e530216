package dev.bulwark.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A request from a peer with forwarding header lines, for the client-IP tests. Header lookups
 * return the stored list itself, so that they allocate nothing.
 */
final class ClientIpTestRequest implements EdgeRequest {

  private final String peer;
  private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  private ClientIpTestRequest(String peer) {
    this.peer = peer;
  }

  static ClientIpTestRequest from(String peer) {
    return new ClientIpTestRequest(peer);
  }

  /** Adds one field line; call again with the same name for another line. */
  ClientIpTestRequest header(String name, String value) {
    headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    return this;
  }

  ClientIpTestRequest xff(String... lines) {
    for (String line : lines) {
      header("X-Forwarded-For", line);
    }
    return this;
  }

  ClientIpTestRequest forwarded(String... lines) {
    for (String line : lines) {
      header("Forwarded", line);
    }
    return this;
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String path() {
    return "/";
  }

  @Override
  public @Nullable String rawQuery() {
    return null;
  }

  @Override
  public @Nullable String header(String name) {
    List<String> values = headers(name);
    return values.isEmpty() ? null : values.get(0);
  }

  @Override
  public List<String> headers(String name) {
    return headers.getOrDefault(name, List.of());
  }

  @Override
  public List<String> headerNames() {
    return List.copyOf(headers.keySet());
  }

  @Override
  public String peerAddress() {
    return peer;
  }

  @Override
  public boolean secure() {
    return false;
  }

  @Override
  public long contentLength() {
    return -1;
  }
}
