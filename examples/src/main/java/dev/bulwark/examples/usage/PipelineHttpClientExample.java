package dev.bulwark.examples.usage;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.Pipeline;
import dev.bulwark.core.Sleeper;
import dev.bulwark.core.Ticker;
import dev.bulwark.retry.Retry;
import dev.bulwark.retry.RetryAfterHeader;
import dev.bulwark.retry.Timeout;
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
            .consecutiveFailures(5)
            .openDuration(Duration.ofSeconds(30))
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
   * Fetches a URL (default: the demo gateway's {@code /health}) and prints the answer.
   *
   * @param args an optional URL
   * @throws Exception when the call finally fails
   */
  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:8080/health");
    ExecutorService calls = Executors.newCachedThreadPool();
    try {
      PipelineHttpClientExample client = new PipelineHttpClientExample(
          HttpClient.newHttpClient(), calls, Clock.systemUTC(), Ticker.system(), Sleeper.system());
      HttpResponse<String> response = client.get(uri);
      System.out.println(response.statusCode() + " " + response.body());
    } finally {
      calls.shutdownNow();
    }
  }
}
