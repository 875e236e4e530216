package dev.bulwark.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@code POST /api/auth/login}: any non-empty body "logs in" and gets a fake bearer token
 * ({@code {"token":"...","tokenType":"Bearer","expiresIn":900}}); an empty body is a 401 with
 * {@code WWW-Authenticate}. What the route demonstrates is the edge's limit of 5 attempts per 15
 * minutes per client IP, not authentication.
 */
final class LoginHandler implements DemoHandler {

  /** The fake token's lifetime in seconds. */
  static final int EXPIRES_IN = 900;

  private final Supplier<String> tokens;

  LoginHandler(Supplier<String> tokens) {
    this.tokens = tokens;
  }

  @Override
  public CompletionStage<DemoResponse> handle(DemoRequest request) {
    if (request.bodyLength() == 0) {
      return CompletableFuture.completedFuture(
          DemoResponse.problem(401, "credentials are required: send them in the request body")
              .withHeader("WWW-Authenticate", "Bearer realm=\"bulwark-demo\""));
    }
    ObjectNode body = Json.object();
    body.put("token", tokens.get());
    body.put("tokenType", "Bearer");
    body.put("expiresIn", EXPIRES_IN);
    return CompletableFuture.completedFuture(Json.response(200, body));
  }
}
