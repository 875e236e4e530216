package dev.bulwark.examples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code GET /api/search?q=...}: answers from a fixed corpus, the entries whose title contains a
 * word of the query (words of 3 characters or more, ignoring case), at most {@value #MAX_RESULTS};
 * an empty query lists the first entries. A missing {@code q} is a 400. The edge checks length and
 * injections before the handler runs.
 */
final class SearchHandler implements DemoHandler {

  static final int MAX_RESULTS = 3;

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private static final List<Entry> CORPUS =
      List.of(
          new Entry("Rate limiting with token buckets and GCRA", "https://example.com/docs/rate-limiting"),
          new Entry("Circuit breakers: fail fast while an upstream is down", "https://example.com/docs/circuit-breaker"),
          new Entry("Retry with jittered exponential backoff", "https://example.com/docs/retry"),
          new Entry("Detecting SQL injection and XSS in request parameters", "https://example.com/docs/validation"),
          new Entry("Content-Security-Policy nonces and strict security headers", "https://example.com/docs/security-headers"),
          new Entry("Keeping SSRF out of URL fetchers", "https://example.com/docs/ssrf"));

  @Override
  public CompletionStage<DemoResponse> handle(DemoRequest request) {
    Optional<String> q = request.queryParameter("q");
    if (q.isEmpty()) {
      return CompletableFuture.completedFuture(DemoResponse.problem(400, "query parameter 'q' is required"));
    }
    List<Entry> hits = search(q.get());
    ObjectNode body = Json.object();
    body.put("query", q.get());
    body.put("total", hits.size());
    ArrayNode results = body.putArray("results");
    for (Entry hit : hits) {
      results.addObject().put("title", hit.title()).put("url", hit.url());
    }
    return CompletableFuture.completedFuture(Json.response(200, body));
  }

  /** One document of the corpus. */
  record Entry(String title, String url) {}

  static List<Entry> search(String query) {
    List<String> words =
        WHITESPACE.splitAsStream(query.toLowerCase(Locale.ROOT)).filter(w -> w.length() >= 3).collect(Collectors.toList());
    if (query.isBlank()) {
      return CORPUS.subList(0, MAX_RESULTS);
    }
    List<Entry> hits = new ArrayList<>();
    for (Entry entry : CORPUS) {
      String title = entry.title().toLowerCase(Locale.ROOT);
      if (hits.size() < MAX_RESULTS && words.stream().anyMatch(title::contains)) {
        hits.add(entry);
      }
    }
    return hits;
  }
}
