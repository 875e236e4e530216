package dev.bulwark.examples;

import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A fake LLM API for the demo's {@code POST /api/chat}: every call takes {@code latencyMs} and
 * fails with probability {@code failureRate}, both settable at run time ({@code POST
 * /admin/upstream}) to stage an outage.
 *
 * <p>Each call reads the settings once, draws exactly one {@link Random#nextDouble()} from the
 * injected random (it fails if the draw is below the failure rate, so 0.0 never fails and 1.0
 * always does), and completes its future on the scheduler after the latency: no thread waits.
 * With a seeded {@link Random} and calls made one after another, the outcomes are reproducible.
 *
 * <p>Thread-safe: settings are an immutable record in a volatile field, replaced as a whole (updates
 * serialise on a lock that calls never take), and {@link Random} is thread-safe.
 */
public final class SimulatedUpstream {

  private static final int MAX_ECHO = 200;

  private final ScheduledExecutorService scheduler;
  private final Random random;
  private final Object updateLock = new Object();
  private volatile UpstreamSettings settings;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  /**
   * Creates an upstream.
   *
   * @param scheduler completes the calls after their latency; never shut down by the upstream
   * @param random decides which calls fail; seed it for reproducible outcomes
   * @param initial the settings to start with
   * @throws NullPointerException if an argument is null
   */
  public SimulatedUpstream(ScheduledExecutorService scheduler, Random random, UpstreamSettings initial) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.random = Objects.requireNonNull(random, "random");
    this.settings = Objects.requireNonNull(initial, "initial");
  }

  /**
   * Calls the upstream. Cancelling the returned future cancels the pending completion.
   *
   * @param prompt the prompt; the reply quotes its first 200 characters
   * @return a future completed after the latency with the reply, or exceptionally with an
   *     {@link UpstreamException} (or a {@link RejectedExecutionException} if the scheduler is shut
   *     down)
   * @throws NullPointerException if {@code prompt} is null
   */
  // The dependent stage of the cancellation hook is not needed: the hook cannot throw.
  @SuppressWarnings("FutureReturnValueIgnored")
  public CompletableFuture<String> complete(String prompt) {
    Objects.requireNonNull(prompt, "prompt");
    UpstreamSettings s = settings;
    long call = calls.incrementAndGet();
    boolean fail = random.nextDouble() < s.failureRate();
    if (fail) {
      failures.incrementAndGet();
    }
    CompletableFuture<String> result = new CompletableFuture<>();
    Runnable finish =
        fail
            ? () -> result.completeExceptionally(
                new UpstreamException("simulated upstream failure (call " + call + ")"))
            : () -> result.complete(reply(prompt));
    try {
      ScheduledFuture<?> pending = scheduler.schedule(finish, s.latencyMs(), TimeUnit.MILLISECONDS);
      result.whenComplete((reply, error) -> pending.cancel(false));
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(e);
    }
    return result;
  }

  /**
   * Calls the upstream and decides its outcome at once, without the latency: for a caller that
   * must answer or throw on its own thread (the seeds' generic route handler). Counted in
   * {@link #calls()} and {@link #failures()} like {@link #complete}.
   *
   * @param prompt the prompt; the reply quotes its first 200 characters
   * @return the reply
   * @throws UpstreamException if the call fails (with the settings' failure rate)
   * @throws NullPointerException if {@code prompt} is null
   */
  public String callNow(String prompt) throws UpstreamException {
    Objects.requireNonNull(prompt, "prompt");
    UpstreamSettings s = settings;
    long call = calls.incrementAndGet();
    if (random.nextDouble() < s.failureRate()) {
      failures.incrementAndGet();
      throw new UpstreamException("simulated upstream failure (call " + call + ")");
    }
    return reply(prompt);
  }

  private static String reply(String prompt) {
    String quoted = prompt.length() <= MAX_ECHO ? prompt : prompt.substring(0, MAX_ECHO) + "...";
    return "Simulated reply to: " + quoted;
  }

  /**
   * Returns the current settings.
   *
   * @return the settings
   */
  public UpstreamSettings settings() {
    return settings;
  }

  /**
   * Replaces the settings; calls already made keep theirs.
   *
   * @param newSettings the settings
   * @throws NullPointerException if {@code newSettings} is null
   */
  public void configure(UpstreamSettings newSettings) {
    Objects.requireNonNull(newSettings, "newSettings");
    synchronized (updateLock) {
      settings = newSettings;
    }
  }

  /**
   * Updates the settings atomically, for partial changes.
   *
   * @param change computes the new settings from the current ones; runs once, under a lock that
   *     only updates take (calls read the settings without it)
   * @return the new settings
   * @throws NullPointerException if {@code change} is null or returns null
   */
  public UpstreamSettings update(UnaryOperator<UpstreamSettings> change) {
    Objects.requireNonNull(change, "change");
    synchronized (updateLock) {
      UpstreamSettings next = Objects.requireNonNull(change.apply(settings), "the change returned null");
      settings = next;
      return next;
    }
  }

  /**
   * Returns how many calls were made.
   *
   * @return the number of calls since creation
   */
  public long calls() {
    return calls.get();
  }

  /**
   * Returns how many calls were decided to fail (some may still be pending).
   *
   * @return the number of failing calls since creation
   */
  public long failures() {
    return failures.get();
  }

  @Override
  public String toString() {
    return "SimulatedUpstream[" + settings + ", calls=" + calls.get() + "]";
  }
}
