package dev.bulwark.examples.usage;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.core.Sleeper;
import dev.bulwark.core.Ticker;
import dev.bulwark.http.client.HttpPolicy;
import dev.bulwark.http.client.ResilientHttpClient;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * An outbound HTTP call through {@link ResilientHttpClient} with the reference services' settings
 * ({@link HttpPolicy#defaults()}): 3 attempts, 100 ms then 200 ms between them (x2, capped at
 * 10 s, jitter 0.1), retrying 429, 500, 502, 503, 504 and I/O failures for idempotent requests,
 * waiting longer when the server asks with {@code Retry-After} or an exhausted {@code RateLimit}
 * quota (up to 10 s; a longer ask returns the response at once), 10 s per attempt and 30 s per
 * call, a retry budget and a breaker (5 consecutive failures open it for 30 s) per host.
 *
 * <p>When retries run out the last response is returned (the caller sees the final 503, not an
 * exception). Immutable and thread-safe; share one per application.
 */
public final class PipelineHttpClientExample {

  private static final String DEFAULT_URL = "http://127.0.0.1:8080/health";
  private static final String USAGE =
      "Usage: java -cp examples/target/bulwark-demo.jar " + PipelineHttpClientExample.class.getName()
          + " [URL, default " + DEFAULT_URL + "]";

  private final ResilientHttpClient client;

  /**
   * Creates the client.
   *
   * @param http the JDK client
   * @param clock reads HTTP-date {@code Retry-After} values
   * @param ticker the budgets', breakers' and timeouts' clock ({@code Ticker.system()} in production)
   * @param sleeper waits between attempts ({@code Sleeper.system()} in production)
   * @param random the backoff's jitter, uniform in [0, 1)
   */
  PipelineHttpClientExample(HttpClient http, Clock clock, Ticker ticker, Sleeper sleeper, DoubleSupplier random) {
    this.client = ResilientHttpClient.builder(http)
        .policy(HttpPolicy.defaults())
        .clock(clock)
        .ticker(ticker)
        .sleeper(sleeper)
        .random(random)
        .build();
  }

  /**
   * Sends a GET through the pipeline of the URI's host.
   *
   * @param uri the target
   * @return the first non-retryable response, or the last one when retries ran out
   * @throws Exception the last I/O failure, or a {@code CircuitOpenException} when the host's
   *     breaker is open
   */
  HttpResponse<String> get(URI uri) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Returns the breaker of a host, to look at its state (the host must have been called). */
  CircuitBreaker breaker(URI uri) {
    return client.circuitBreaker(uri.getRawAuthority()).orElseThrow();
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
    if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getRawAuthority() == null) {
      err.println("Not an http(s) URL: " + uri);
      err.println(USAGE);
      return 2;
    }
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      PipelineHttpClientExample client = new PipelineHttpClientExample(
          http, Clock.systemUTC(), ticker, sleeper, () -> ThreadLocalRandom.current().nextDouble());
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
    }
  }
}
