package dev.bulwark.micrometer;

import dev.bulwark.http.EdgeRequest;
import java.util.List;

/** A header-less request view: {@code TestRequest.get("/api/search?q=x").from("10.0.0.2")}. */
final class TestRequest implements EdgeRequest {

  private final String method;
  private final String path;
  private final String query;
  private final String peer;

  private TestRequest(String method, String target, String peer) {
    int q = target.indexOf('?');
    this.method = method;
    this.path = q < 0 ? target : target.substring(0, q);
    this.query = q < 0 ? null : target.substring(q + 1);
    this.peer = peer;
  }

  static TestRequest get(String target) {
    return new TestRequest("GET", target, "203.0.113.7");
  }

  TestRequest from(String address) {
    return new TestRequest(method, path + (query == null ? "" : "?" + query), address);
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String rawQuery() {
    return query;
  }

  @Override
  public String header(String name) {
    return null;
  }

  @Override
  public List<String> headers(String name) {
    return List.of();
  }

  @Override
  public List<String> headerNames() {
    return List.of();
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
