package dev.bulwark.http.contract;

import dev.bulwark.http.EdgeRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request view for tests: {@code FakeRequest.get("/api/search?q=x").header("Origin", "...")}.
 * Shared through the test-jar: http-edge's own tests and the configuration tests in
 * {@code dev.bulwark.config} use it.
 */
public final class FakeRequest implements EdgeRequest {

  private String method;
  private final String path;
  private final String query;
  private final Map<String, String> names = new LinkedHashMap<>();
  private final Map<String, List<String>> values = new LinkedHashMap<>();
  private String peer = "203.0.113.7";
  private boolean secure;
  private long contentLength = -1;
  private String principal;
  private final Map<String, String> attributes = new LinkedHashMap<>();

  private FakeRequest(String method, String target) {
    this.method = method;
    int q = target.indexOf('?');
    this.path = q < 0 ? target : target.substring(0, q);
    this.query = q < 0 ? null : target.substring(q + 1);
  }

  public static FakeRequest get(String target) {
    return new FakeRequest("GET", target);
  }

  public static FakeRequest of(String method, String target) {
    return new FakeRequest(method, target);
  }

  public FakeRequest header(String name, String value) {
    String lower = name.toLowerCase(Locale.ROOT);
    names.putIfAbsent(lower, name);
    values.computeIfAbsent(lower, k -> new ArrayList<>()).add(value);
    return this;
  }

  public FakeRequest principal(String name) {
    this.principal = name;
    return this;
  }

  public FakeRequest attribute(String name, String value) {
    attributes.put(name, value);
    return this;
  }

  @Override
  public String principal() {
    return principal;
  }

  @Override
  public String attribute(String name) {
    return attributes.get(name);
  }

  public FakeRequest peer(String address) {
    this.peer = address;
    return this;
  }

  public FakeRequest overTls() {
    this.secure = true;
    return this;
  }

  public FakeRequest contentLength(long length) {
    this.contentLength = length;
    return header("Content-Length", Long.toString(length));
  }

  /** Declares a body: its Content-Type and Content-Length. */
  public FakeRequest body(String contentType, long length) {
    return contentLength(length).header("Content-Type", contentType);
  }

  public FakeRequest method(String m) {
    this.method = m;
    return this;
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
    return secure;
  }

  @Override
  public long contentLength() {
    return contentLength;
  }
}
