package dev.bulwark.examples;

import static dev.bulwark.examples.DemoFixture.get;
import static dev.bulwark.examples.DemoFixture.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DemoRoutesTest {

  private final DemoFixture demo = new DemoFixture();

  @Test
  void searchAnswersTheMatchingEntriesOfTheCorpus() {
    DemoResponse r = demo.call(get("/api/search", Map.of("q", "circuit RETRY")));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).contains("application/json");
    assertThat(r.bodyText())
        .isEqualTo("{\"query\":\"circuit RETRY\",\"total\":2,\"results\":["
            + "{\"title\":\"Circuit breakers: fail fast while an upstream is down\","
            + "\"url\":\"https://example.com/docs/circuit-breaker\"},"
            + "{\"title\":\"Retry with jittered exponential backoff\",\"url\":\"https://example.com/docs/retry\"}]}");
  }

  @Test
  void searchIgnoresShortWordsAndListsTheFirstEntriesForABlankQuery() {
    assertThat(DemoFixture.json(demo.call(get("/api/search", Map.of("q", "of to rate")))).get("total").asInt())
        .isEqualTo(1);
    DemoResponse blank = demo.call(get("/api/search", Map.of("q", " ")));
    assertThat(DemoFixture.json(blank).get("total").asInt()).isEqualTo(3);
    assertThat(DemoFixture.json(blank).get("results").get(2).get("url").asText())
        .isEqualTo("https://example.com/docs/retry");
  }

  @Test
  void searchWithoutQIsAProblem() {
    DemoResponse r = demo.call(get("/api/search", Map.of()));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.contentType()).contains("application/problem+json");
    assertThat(r.bodyText())
        .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
            + "\"detail\":\"query parameter \\u0027q\\u0027 is required\"}"); // the library writer escapes '
  }

  @Test
  void loginGivesATokenForAnyCredentialsAnd401ForNone() {
    DemoResponse ok = demo.call(post("/api/auth/login", "application/json", "{\"user\":\"a\"}"));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.bodyText()).isEqualTo("{\"token\":\"token-1\",\"tokenType\":\"Bearer\",\"expiresIn\":900}");

    DemoResponse denied = demo.call(post("/api/auth/login", "application/json", ""));
    assertThat(denied.status()).isEqualTo(401);
    assertThat(denied.header("www-authenticate")).contains("Bearer realm=\"bulwark-demo\"");
    assertThat(DemoFixture.json(denied).get("detail").asText())
        .isEqualTo("credentials are required: send them in the request body");
  }

  @Test
  void documentsAreCreatedWithTheirSizeAndType() {
    DemoResponse first = demo.call(post("/api/documents", "application/pdf", "%PDF-1.7"));
    DemoResponse second = demo.call(DemoFixture.request("POST", "/api/documents").build());

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.bodyText()).isEqualTo("{\"id\":\"doc-1\",\"size\":8,\"contentType\":\"application/pdf\"}");
    assertThat(second.bodyText())
        .isEqualTo("{\"id\":\"doc-2\",\"size\":0,\"contentType\":\"application/octet-stream\"}");
  }

  @Test
  void fetchAnswersTheVerdictWithoutFetching() {
    DemoResponse allowed = demo.call(get("/api/fetch", Map.of("url", "https://example.com/feed")));
    assertThat(allowed.status()).isEqualTo(200);
    assertThat(allowed.bodyText()).isEqualTo("{\"url\":\"https://example.com/feed\",\"verdict\":\"allowed\"}");

    DemoResponse metadata = demo.call(get("/api/fetch", Map.of("url", "http://169.254.169.254/latest/")));
    assertThat(metadata.status()).isEqualTo(400);
    assertThat(metadata.bodyText())
        .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
            + "\"detail\":\"169.254.169.254 is an internal address\",\"violation\":\"URL_INTERNAL_ADDRESS\","
            + "\"url\":\"http://169.254.169.254/latest/\"}");
  }

  @Test
  void fetchRefusesEveryInternalSpellingAndMalformedUrls() {
    assertThat(DemoFixture.json(demo.call(get("/api/fetch", Map.of("url", "http://0x7f000001/")))).get("violation")
            .asText())
        .isEqualTo("URL_INTERNAL_ADDRESS");
    assertThat(DemoFixture.json(demo.call(get("/api/fetch", Map.of("url", "http://localhost:8080/")))).get("detail")
            .asText())
        .isEqualTo("localhost is an internal host name");
    DemoResponse malformed = demo.call(get("/api/fetch", Map.of("url", "not a url")));
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(DemoFixture.json(malformed).get("violation").asText()).isEqualTo("URL_MALFORMED");
    assertThat(demo.call(get("/api/fetch", Map.of())).status()).isEqualTo(400);
  }

  @Test
  void streamCompletesAfterTheRequestedTimeOnTheScheduler() {
    CompletableFuture<DemoResponse> f = demo.start(get("/api/stream", Map.of("ms", "250")));
    demo.scheduler.runDue();
    assertThat(f).isNotDone();
    assertThat(view("GET /api/stream").inFlight()).isEqualTo(1);

    demo.advance(Duration.ofMillis(249));
    assertThat(f).isNotDone();
    demo.advance(Duration.ofMillis(1));

    assertThat(f).isDone();
    assertThat(f.join().bodyText()).isEqualTo("{\"heldMs\":250}");
    assertThat(view("GET /api/stream").inFlight()).isZero();
  }

  @Test
  void streamAcceptsZeroToTenThousandMillisecondsOnly() {
    assertThat(demo.call(get("/api/stream", Map.of("ms", "0"))).status()).isEqualTo(200);
    CompletableFuture<DemoResponse> longest = demo.start(get("/api/stream", Map.of("ms", "10000")));
    demo.advance(Duration.ofSeconds(10));
    assertThat(longest.join().status()).isEqualTo(200);

    assertThat(DemoFixture.json(demo.call(get("/api/stream", Map.of("ms", "10001")))).get("detail").asText())
        .isEqualTo("query parameter 'ms' must be an integer from 0 to 10000 but was '10001'");
    assertThat(DemoFixture.json(demo.call(get("/api/stream", Map.of("ms", "-5")))).get("detail").asText())
        .isEqualTo("query parameter 'ms' must be an integer from 0 to 10000 but was '-5'");
    assertThat(DemoFixture.json(demo.call(get("/api/stream", Map.of()))).get("detail").asText())
        .isEqualTo("query parameter 'ms' must be an integer from 0 to 10000 but was missing");
  }

  @Test
  void cancellingAStreamCancelsItsHold() {
    CompletableFuture<DemoResponse> f = demo.start(get("/api/stream", Map.of("ms", "5000")));
    assertThat(demo.scheduler.pending()).isEqualTo(1);

    f.cancel(true);

    assertThat(demo.scheduler.pending()).isZero();
  }

  @Test
  void unknownPathsAre404AndOtherMethods405WithAllow() {
    DemoResponse missing = demo.call(get("/nope", Map.of()));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(DemoFixture.json(missing).get("detail").asText()).isEqualTo("no route for /nope");

    DemoResponse wrongMethod = demo.call(get("/api/chat", Map.of()));
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.header("Allow")).contains("POST");
    assertThat(DemoFixture.json(wrongMethod).get("title").asText()).isEqualTo("Method Not Allowed");
  }

  @Test
  void addedRoutesAreServedAndAFailingHandlerBecomesA500() {
    DemoApp app =
        DemoApp.builder(demo.scheduler)
            .route("GET", "/health", r -> CompletableFuture.completedFuture(DemoResponse.of(200, "text/plain", new byte[] {'u', 'p'})))
            .route("GET", "/boom", r -> {
              throw new IllegalStateException("boom");
            })
            .route("GET", "/failed", r -> CompletableFuture.failedFuture(new IllegalStateException("late")))
            .build();

    assertThat(app.handle(get("/health", Map.of())).toCompletableFuture().join().bodyText()).isEqualTo("up");
    DemoResponse boom = app.handle(get("/boom", Map.of())).toCompletableFuture().join();
    assertThat(boom.status()).isEqualTo(500);
    assertThat(DemoFixture.json(boom).get("detail").asText()).isEqualTo("GET /boom failed: IllegalStateException");
    assertThat(app.handle(get("/failed", Map.of())).toCompletableFuture().join().status()).isEqualTo(500);
    assertThat(app.routeKeys()).endsWith("GET /health", "GET /boom", "GET /failed");
  }

  private RouteView view(String route) {
    return demo.app.routeViews().stream().filter(v -> v.route().equals(route)).findFirst().orElseThrow();
  }
}
