package dev.bulwark.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/stream?ms=N}: holds the request N milliseconds (0 to {@value #MAX_MS}) and then
 * answers 200 {@code {"heldMs":N}}. The hold is a task on the scheduler: no thread waits, so
 * thousands of held requests cost no threads. Cancelling the returned stage cancels the task. The
 * concurrency limits (5 per client IP, 1000 in total) are the edge's.
 */
final class StreamHandler implements DemoHandler {

  /** The longest hold, in milliseconds. */
  static final int MAX_MS = 10_000;

  private final ScheduledExecutorService scheduler;

  StreamHandler(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  // The dependent stage of the cancellation hook is not needed: the hook cannot throw.
  @SuppressWarnings("FutureReturnValueIgnored")
  @Override
  public CompletionStage<DemoResponse> handle(DemoRequest request) {
    Optional<String> raw = request.queryParameter("ms");
    int ms = raw.isPresent() ? parse(raw.get()) : -1;
    if (ms < 0) {
      return CompletableFuture.completedFuture(
          DemoResponse.problem(400, "query parameter 'ms' must be an integer from 0 to " + MAX_MS + " but was "
              + raw.map(v -> "'" + abbreviate(v) + "'").orElse("missing")));
    }
    ObjectNode body = Json.object();
    body.put("heldMs", ms);
    DemoResponse response = Json.response(200, body);
    CompletableFuture<DemoResponse> result = new CompletableFuture<>();
    try {
      ScheduledFuture<?> hold = scheduler.schedule(() -> result.complete(response), ms, TimeUnit.MILLISECONDS);
      result.whenComplete((r, e) -> hold.cancel(false));
    } catch (RejectedExecutionException e) {
      result.complete(DemoResponse.problem(503, "the server is shutting down"));
    }
    return result;
  }

  /** The value in [0, MAX_MS], or -1. Digits only: no sign, no spaces, at most 5 digits. */
  static int parse(String value) {
    if (value.isEmpty() || value.length() > 5 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    int ms = Integer.parseInt(value);
    return ms <= MAX_MS ? ms : -1;
  }

  static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }
}
