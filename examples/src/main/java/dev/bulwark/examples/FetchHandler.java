package dev.bulwark.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.http.ErrorBody;
import dev.bulwark.validation.UrlPolicy;
import dev.bulwark.validation.ValidationResult;
import dev.bulwark.validation.Violation;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /api/fetch?url=...}: judges the URL with an SSRF-safe {@link UrlPolicy} and answers
 * the verdict; it fetches nothing. A URL that passes gives 200 {@code {"url":...,"verdict":"allowed"}};
 * an internal, malformed or otherwise refused one gives a 400 problem whose {@code violation}
 * member names the rule ({@code URL_INTERNAL_ADDRESS}, {@code URL_MALFORMED}...). The default policy
 * resolves no host names: literal addresses in every spelling and internal names are refused, and
 * no DNS query is ever made.
 */
final class FetchHandler implements DemoHandler {

  private final UrlPolicy policy;

  FetchHandler(UrlPolicy policy) {
    this.policy = policy;
  }

  @Override
  public CompletionStage<DemoResponse> handle(DemoRequest request) {
    Optional<String> url = request.queryParameter("url");
    if (url.isEmpty()) {
      return CompletableFuture.completedFuture(DemoResponse.problem(400, "query parameter 'url' is required"));
    }
    ValidationResult result = policy.check("url", url.get());
    if (!result.isValid()) {
      Violation v = result.violations().get(0);
      ErrorBody problem = ErrorBody.builder(400).detail(v.message())
          .extension("violation", v.code().name())
          .extension("url", url.get())
          .build();
      return CompletableFuture.completedFuture(DemoResponse.problem(problem));
    }
    ObjectNode body = Json.object();
    body.put("url", url.get());
    body.put("verdict", "allowed");
    return CompletableFuture.completedFuture(Json.response(200, body));
  }
}
