package dev.bulwark.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.circuitbreaker.CircuitBreakerConfig;
import dev.bulwark.circuitbreaker.CircuitBreakerListener;
import dev.bulwark.circuitbreaker.CircuitOpenException;
import dev.bulwark.circuitbreaker.TripStrategy;
import dev.bulwark.core.Backoff;
import dev.bulwark.core.Pipeline;
import dev.bulwark.core.RejectedException;
import dev.bulwark.core.Ticker;
import dev.bulwark.http.ErrorBody;
import dev.bulwark.retry.Retry;
import dev.bulwark.retry.RetryBuilder;
import dev.bulwark.retry.Timeout;
import dev.bulwark.retry.TimeoutExceededException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/chat} with {@code {"prompt":"..."}}: calls the {@link SimulatedUpstream} through
 * {@code Pipeline.of(timeout, retry, breaker)} on the async path, so no thread waits for the
 * upstream, the backoff or the timeout.
 *
 * <p>Outcomes: 200 {@code {"model":"simulated-llm","reply":"..."}}; 503 with {@code Retry-After}
 * (whole seconds until the breaker lets a trial through, at least 1) when the breaker rejects the
 * call; 502 when the upstream still fails after the retries; 504 when the timeout fires; 400 for a
 * body without a string {@code prompt}.
 */
final class ChatHandler implements DemoHandler {

  /** The name of the chat route's circuit breaker. */
  static final String BREAKER = "chat";

  private final SimulatedUpstream upstream;
  private final Pipeline pipeline;

  ChatHandler(SimulatedUpstream upstream, Pipeline pipeline) {
    this.upstream = upstream;
    this.pipeline = pipeline;
  }

  /** The chat breaker: consecutive failures trip it; transitions run on time on the scheduler. */
  static CircuitBreaker breaker(
      ChatPolicy policy, ScheduledExecutorService scheduler, Ticker ticker, CircuitBreakerListener listener) {
    CircuitBreakerConfig config =
        CircuitBreakerConfig.builder()
            .trip(TripStrategy.consecutiveFailures(policy.failureThreshold()))
            .successThreshold(policy.successThreshold())
            .openDuration(Backoff.fixed(policy.openDuration()))
            .maxHalfOpenCalls(policy.maxHalfOpenCalls())
            .build();
    return CircuitBreaker.builder(BREAKER)
        .config(config)
        .ticker(ticker)
        .scheduler(scheduler) // the dashboard watches the state: go HALF_OPEN on time
        .listener(listener)
        .build();
  }

  /** {@code Pipeline.of(timeout, retry, breaker)}; {@code jitter} null means ThreadLocalRandom. */
  static Pipeline pipeline(
      ChatPolicy policy,
      CircuitBreaker breaker,
      ScheduledExecutorService scheduler,
      Ticker ticker,
      @Nullable DoubleSupplier jitter) {
    Timeout timeout = Timeout.builder(policy.timeout()).name("chat-timeout").scheduler(scheduler).build();
    Backoff backoff =
        Backoff.exponential(policy.initialBackoff(), policy.backoffMultiplier(), policy.maxBackoff())
            .withProportionalJitter(policy.jitter());
    RetryBuilder retry =
        Retry.builder()
            .name("chat-retry")
            .maxAttempts(policy.maxAttempts())
            .backoff(backoff)
            .scheduler(scheduler)
            .ticker(ticker);
    if (jitter != null) {
      retry.random(jitter);
    }
    return Pipeline.of(timeout, retry.build(), breaker);
  }

  @Override
  public CompletionStage<DemoResponse> handle(DemoRequest request) {
    String prompt = prompt(request);
    if (prompt == null) {
      return CompletableFuture.completedFuture(
          DemoResponse.problem(400, "the body must be a JSON object with a non-blank string \"prompt\""));
    }
    return pipeline
        .callAsync(() -> upstream.complete(prompt))
        .handle((reply, error) -> error == null ? ok(reply) : failure(error));
  }

  private static @Nullable String prompt(DemoRequest request) {
    JsonNode body;
    try {
      body = Json.parse(request.bodyArray());
    } catch (IOException e) {
      return null;
    }
    JsonNode prompt = body.get("prompt");
    return prompt != null && prompt.isTextual() && !prompt.textValue().isBlank() ? prompt.textValue() : null;
  }

  private static DemoResponse ok(String reply) {
    ObjectNode body = Json.object();
    body.put("model", "simulated-llm");
    body.put("reply", reply);
    return Json.response(200, body);
  }

  private static DemoResponse failure(Throwable error) {
    Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (e instanceof CircuitOpenException) {
      CircuitOpenException open = (CircuitOpenException) e;
      long retryAfter = retryAfterSeconds(open);
      ErrorBody body = ErrorBody.builder(503)
          .detail("the chat upstream is failing: circuit breaker '" + open.source() + "' is " + open.state())
          .extension("breaker", open.source())
          .build();
      return DemoResponse.problem(body).withHeader("Retry-After", Long.toString(retryAfter));
    }
    if (e instanceof TimeoutExceededException) {
      return DemoResponse.problem(504, "the chat upstream did not answer in time: " + e.getMessage());
    }
    if (e instanceof UpstreamException) {
      return DemoResponse.problem(502, "the chat upstream failed after retries: " + e.getMessage());
    }
    return DemoResponse.problem(500, "the chat call failed: " + e.getClass().getSimpleName());
  }

  /** Whole seconds until a trial may pass, rounded up, at least 1 (also when unknown). */
  static long retryAfterSeconds(RejectedException rejection) {
    long nanos = rejection.retryAfterNanos();
    if (nanos <= 0) {
      return 1;
    }
    long seconds = nanos / 1_000_000_000L + (nanos % 1_000_000_000L == 0 ? 0 : 1);
    return Math.max(1, seconds);
  }
}
