package dev.bulwark.examples.seeds;

import dev.bulwark.http.EdgeRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A request view for driving a seed's edge directly. */
final class SeedRequest implements EdgeRequest {

  private final String method;
  private final String path;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private String peer = "192.0.2.1";
  private @Nullable String principal;
  private long contentLength = -1;

  private SeedRequest(String method, String path) {
    this.method = method;
    this.path = path;
  }

  static SeedRequest of(String method, String path) {
    return new SeedRequest(method, path);
  }

  SeedRequest peer(String address) {
    this.peer = address;
    return this;
  }

  SeedRequest header(String name, String value) {
    headers.put(name.toLowerCase(Locale.ROOT), value);
    return this;
  }

  SeedRequest contentLength(long length) {
    this.contentLength = length;
    return this;
  }

  SeedRequest principal(String name) {
    this.principal = name;
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
  public @Nullable String rawQuery() {
    return null;
  }

  @Override
  public @Nullable String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public List<String> headers(String name) {
    String value = header(name);
    return value == null ? List.of() : List.of(value);
  }

  @Override
  public List<String> headerNames() {
    return new ArrayList<>(headers.keySet());
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

  @Override
  public @Nullable String principal() {
    return principal;
  }
}
