package dev.bulwark.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A response view for tests that records the headers written, keeping every value in order. */
final class RecordingResponse implements EdgeResponse {

  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private final Map<String, String> names = new LinkedHashMap<>();

  @Override
  public void setHeader(String name, String value) {
    String lower = name.toLowerCase(Locale.ROOT);
    names.put(lower, name);
    List<String> list = new ArrayList<>();
    list.add(value);
    headers.put(lower, list);
  }

  @Override
  public void addHeader(String name, String value) {
    String lower = name.toLowerCase(Locale.ROOT);
    names.putIfAbsent(lower, name);
    headers.computeIfAbsent(lower, k -> new ArrayList<>()).add(value);
  }

  @Override
  public void removeHeader(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    names.remove(lower);
    headers.remove(lower);
  }

  @Override
  public boolean containsHeader(String name) {
    return headers.containsKey(name.toLowerCase(Locale.ROOT));
  }

  /** Returns the single value of a header, or null; fails if it has several. */
  String get(String name) {
    List<String> list = headers.get(name.toLowerCase(Locale.ROOT));
    if (list == null) {
      return null;
    }
    if (list.size() != 1) {
      throw new AssertionError(name + " has " + list);
    }
    return list.get(0);
  }

  List<String> all(String name) {
    List<String> list = headers.get(name.toLowerCase(Locale.ROOT));
    return list == null ? List.of() : list;
  }

  /** Returns the header names in the order first written, as spelt when written. */
  List<String> names() {
    return new ArrayList<>(names.values());
  }
}
