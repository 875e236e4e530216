package dev.bulwark.http.config;

import dev.bulwark.http.EdgeRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A request view for the configuration tests: {@code TestRequest.get("/api?q=1").from("10.0.0.1")}. */
final class TestRequest implements EdgeRequest {

  private final String method;
  private final String path;
  private final String query;
  private final Map<String, String> names = new LinkedHashMap<>();
  private final Map<String, List<String>> values = new LinkedHashMap<>();
  private String peer = "203.0.113.7";
  private long contentLength = -1;

  private TestRequest(String method, String target) {
    this.method = method;
    int q = target.indexOf('?');
    this.path = q < 0 ? target : target.substring(0, q);
    this.query = q < 0 ? null : target.substring(q + 1);
  }

  static TestRequest get(String target) {
    return new TestRequest("GET", target);
  }

  static TestRequest of(String method, String target) {
    return new TestRequest(method, target);
  }

  TestRequest header(String name, String value) {
    String lower = name.toLowerCase(Locale.ROOT);
    names.putIfAbsent(lower, name);
    values.computeIfAbsent(lower, k -> new ArrayList<>()).add(value);
    return this;
  }

  TestRequest from(String address) {
    this.peer = address;
    return this;
  }

  TestRequest body(String contentType, long length) {
    this.contentLength = length;
    header("Content-Length", Long.toString(length));
    return header("Content-Type", contentType);
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
    List<String> list = values.get(name.toLowerCase(Locale.ROOT));
    return list == null ? null : list.get(0);
  }

  @Override
  public List<String> headers(String name) {
    List<String> list = values.get(name.toLowerCase(Locale.ROOT));
    return list == null ? List.of() : List.copyOf(list);
  }

  @Override
  public List<String> headerNames() {
    return List.copyOf(names.values());
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
    return contentLength;
  }
}
