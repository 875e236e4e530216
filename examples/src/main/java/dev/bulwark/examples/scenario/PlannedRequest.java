package dev.bulwark.examples.scenario;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request of the traffic plan.
 *
 * @param kind the client kind that sends it
 * @param client which of the kind's clients (an index into {@link ClientKind#addresses()}), or
 *     {@link #OPERATOR} for a request the kind sends as the operator
 * @param method the HTTP method
 * @param path the path, e.g. {@code /api/search}
 * @param query query parameters in order, not yet encoded
 * @param headers extra request headers
 * @param body the body text, or null for none
 * @param contentType the body's type, or null for none
 */
record PlannedRequest(
    ClientKind kind,
    int client,
    String method,
    String path,
    Map<String, String> query,
    Map<String, String> headers,
    @Nullable String body,
    @Nullable String contentType) {

  /** The {@code client} of a request sent from {@link ClientKind#OPERATOR_ADDRESS}. */
  static final int OPERATOR = -1;

  static PlannedRequest get(ClientKind kind, int client, String path, Map<String, String> query) {
    return new PlannedRequest(kind, client, "GET", path, query, Map.of(), null, null);
  }

  static PlannedRequest post(ClientKind kind, int client, String path, String contentType, String body) {
    return new PlannedRequest(kind, client, "POST", path, Map.of(), Map.of(), body, contentType);
  }

  /** The route key, as the demo names its routes: {@code "GET /api/search"}. */
  String route() {
    return method + " " + path;
  }

  /** The source address this request is sent from. */
  String address() {
    return client == OPERATOR ? ClientKind.OPERATOR_ADDRESS : kind.addresses().get(client);
  }
}
