package dev.bulwark.examples.usage;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.Pipeline;
import dev.bulwark.core.Sleeper;
import dev.bulwark.core.Ticker;
import dev.bulwark.retry.Retry;
import dev.bulwark.retry.RetryAfterHeader;
import dev.bulwark.retry.Timeout;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An outbound HTTP call through {@code Pipeline.of(timeout, retry, breaker)}: the timeout bounds
 * the whole call (attempts and waits), the retry re-sends on 429, 503 and I/O errors, waiting
 * {@code max(backoff delay, the server's Retry-After)}, and each attempt passes the breaker, which
 * counts 5xx answers as failures and, once open, stops the retries at once.
 *
 * <p>When retries run out the last response is returned (the caller sees the final 503, not an
 * exception). Immutable and thread-safe; share one per upstream.
 */
public final class PipelineHttpClientExample {

  private static final Set<Integer> RETRYABLE = Set.of(429, 503);
  private static final String DEFAULT_URL = "http://127.0.0.1:8080/health";
  private static final String USAGE =
      "Usage: java -cp examples/target/bulwark-demo.jar " + PipelineHttpClientExample.class.getName()
          + " [URL, default " + DEFAULT_URL + "]";

  private final HttpClient http;
  private final CircuitBreaker breaker;
  private final Pipeline pipeline;

  /**
   * Creates the client.
   *
   * @param http the JDK client
   * @param calls runs the calls so that the timeout can stop waiting for them; never shut down here
   * @param clock reads HTTP-date {@code Retry-After} values
   * @param ticker the retry's and breaker's clock ({@code Ticker.system()} in production)
   * @param sleeper waits between attempts ({@code Sleeper.system()} in production)
   */
  PipelineHttpClientExample(HttpClient http, ExecutorService calls, Clock clock, Ticker ticker, Sleeper sleeper) {
    this.http = http;
    Timeout timeout = Timeout.builder(Duration.ofSeconds(30)).name("upstream").executor(calls).build();
    Retry retry = Retry.builder()
        .name("upstream")
        .maxAttempts(3)
        .maxDuration(Duration.ofSeconds(20))   // also caps what a Retry-After may ask for
        .backoff(Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofSeconds(10)).withProportionalJitter(0.1))
        .retryOnResult(HttpResponse.class, r -> RETRYABLE.contains(r.statusCode()))
        .retryAfterFromResult(HttpResponse.class, r -> r.headers()
            .firstValue(RetryAfterHeader.NAME)
            .flatMap(value -> RetryAfterHeader.parse(value, clock)))
        .ticker(ticker)
        .sleeper(sleeper)
        .build();
    this.breaker = CircuitBreaker.builder("upstream")
        .config(CircuitBreakerConfig.builder()
            .trip(TripStrategy.consecutiveFailures(5))
            .openDuration(Backoff.fixed(Duration.ofSeconds(30)))
            .recordResult(r -> r instanceof HttpResponse<?> response && response.statusCode() >= 500)
            .build())
        .ticker(ticker)
        .build();
    this.pipeline = Pipeline.of(timeout, retry, breaker);
  }

  /**
   * Sends a GET through the pipeline.
   *
   * @param uri the target
   * @return the first non-retryable response, or the last one when retries ran out
   * @throws Exception the last I/O failure, a {@code TimeoutExceededException}, or a
   *     {@code CircuitOpenException} when the breaker is open
   */
  HttpResponse<String> get(URI uri) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
    return pipeline.call(() -> http.send(request, HttpResponse.BodyHandlers.ofString()));
  }

  /** Returns the breaker guarding each attempt, to look at its state. */
  CircuitBreaker breaker() {
    return breaker;
  }

  /**
   * Fetches a URL (default: the demo gateway's {@code /health}, so start the demo first, see
   * README "Run the demo") and prints the answer. When nothing answers, it says so and what it
   * needs, and exits with status 1 instead of dying with a stack trace.
   *
   * @param args an optional absolute http(s) URL
   * @throws InterruptedException if interrupted while waiting for the answer
   */
  public static void main(String[] args) throws InterruptedException {
    int status = run(args, System.out, System.err, Ticker.system(), Sleeper.system());
    if (status != 0) {
      System.exit(status);
    }
  }

  /** What {@link #main} does, with streams and time injected; returns the process exit status. */
  static int run(String[] args, PrintStream out, PrintStream err, Ticker ticker, Sleeper sleeper)
      throws InterruptedException {
    URI uri;
    try {
      uri = URI.create(args.length > 0 ? args[0] : DEFAULT_URL);
    } catch (IllegalArgumentException e) {
      err.println("Not a URL: " + args[0] + " (" + e.getMessage() + ")");
      err.println(USAGE);
      return 2;
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      err.println("Not an http(s) URL: " + uri);
      err.println(USAGE);
      return 2;
    }
    ExecutorService calls = Executors.newCachedThreadPool();
    try {
      PipelineHttpClientExample client = new PipelineHttpClientExample(
          HttpClient.newHttpClient(), calls, Clock.systemUTC(), ticker, sleeper);
      HttpResponse<String> response = client.get(uri);
      out.println(response.statusCode() + " " + response.body());
      return 0;
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      err.println("The call to " + uri + " failed after its retries: " + e);
      err.println("This example needs a server at that URL: start the demo gateway first"
          + " (README, \"Run the demo\"), or pass another URL.");
      err.println(USAGE);
      return 1;
    } finally {
      calls.shutdownNow();
    }
  }
}
