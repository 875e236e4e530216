package dev.bulwark.examples;

import java.util.concurrent.CompletionStage;

/**
 * Handles one request of the demo, asynchronously: a handler never blocks the server's thread;
 * what takes time (the upstream call, {@code /api/stream}'s hold) completes the stage later, from a
 * scheduler.
 *
 * <p>{@link DemoApp} is the demo's handler; single routes are handlers too, and
 * {@link DemoApp.Builder#route} adds the lead's own ({@code /health}, {@code /metrics}).
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface DemoHandler {

  /**
   * Handles a request.
   *
   * @param request the request
   * @return the stage of the response; should not fail (a failed stage becomes a 500 problem in
   *     {@link DemoApp})
   */
  CompletionStage<DemoResponse> handle(DemoRequest request);
}
