package dev.bulwark.circuitbreaker;

import dev.bulwark.core.BackoffSequence;
import dev.bulwark.core.Ticker;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The breaker's state machine: admission, outcome recording, transitions.
 *
 * <p><b>How it is built, and why.</b> The whole state is one immutable {@link Phase} object in a
 * volatile field, replaced on every transition, with a generation number one higher than the last.
 * Admission reads the field once: a CLOSED phase admits with no further work, so the common path is a
 * volatile read and, for the consecutive-failure strategy, a plain read of the failure counter on
 * success. The caller keeps the admitting generation as a {@code long} ticket (no allocation) and
 * hands it back with the outcome; the outcome counts only if that generation is still current, which
 * makes "late results are ignored" a single comparison.
 *
 * <p>Transitions are rare, so they serialize on a {@link ReentrantLock}: a transition names the phase
 * it expects to leave, and only the first thread to find that phase still current performs it. This
 * gives "exactly one thread performs each transition" (one log line, one event), keeps the
 * non-thread-safe {@link BackoffSequence} of open durations consistent, and delivers transition
 * events in order. No call path takes the lock unless it triggers a transition.
 *
 * <p>OPEN to HALF_OPEN happens lazily: a call arriving after the open duration performs it (no timer
 * thread), unless a scheduler was given, which performs it on time as well. HALF_OPEN admits trials
 * with a CAS on its in-flight counter; each phase object has its own counters, so a trial admitted by
 * an earlier half-open generation can never free a slot of a later one.
 *
 * <p>Statistics cost nothing unless chosen at build time: the {@link CircuitBreakerStats} sit in a
 * final field that is null without them, so a breaker without statistics pays one field read per
 * outcome and per rejection. Listeners are fixed at construction too.
 */
final class StateMachine {

  final String name;
  final CircuitBreakerConfig config;
  final Ticker ticker;
  final Listeners listeners;
  /** Calls are timed (two clock reads): slow-call tracking, a call listener, or statistics of every call. */
  final boolean timesCalls;
  /** The stats need the clock at completion: a time-based window. */
  final boolean needsNow;

  private final @Nullable ScheduledExecutorService scheduler;
  private final long slowCallNanos;
  private final int maxHalfOpenCalls;
  private final int successThreshold;
  private final long maxWaitInHalfOpenNanos;
  private final @Nullable RateRule rateRule;
  private final CircuitOpenException halfOpenFull;
  private final CircuitOpenException forcedOpen;
  private final ReentrantLock transitionLock = new ReentrantLock();
  /** Guarded by {@link #transitionLock}. */
  private final @Nullable BackoffSequence openBackoff;

  private volatile Phase phase;
  /** The statistics, if the breaker was built to keep them; else null. */
  private final @Nullable CircuitBreakerStats counts;

  StateMachine(
      String name,
      CircuitBreakerConfig config,
      Ticker ticker,
      @Nullable ScheduledExecutorService scheduler,
      Listeners listeners,
      @Nullable CircuitBreakerStats counts,
      boolean timeEveryCall) {
    this.name = name;
    this.config = config;
    this.ticker = ticker;
    this.scheduler = scheduler;
    this.listeners = listeners;
    this.counts = counts;
    this.slowCallNanos = config.slowCallDurationThresholdNanos();
    this.timesCalls = slowCallNanos > 0 || listeners.anyForCalls() || timeEveryCall;
    this.needsNow = config.slidingWindow().map(SlidingWindow::isTimeBased).orElse(false);
    this.maxHalfOpenCalls = config.maxHalfOpenCalls();
    this.successThreshold = config.successThreshold();
    this.maxWaitInHalfOpenNanos = config.maxWaitInHalfOpenNanos();
    this.rateRule = config.slidingWindow().isPresent() ? new RateRule(config) : null;
    this.halfOpenFull = CircuitOpenException.halfOpenFull(name, maxHalfOpenCalls);
    this.forcedOpen = CircuitOpenException.forcedOpen(name);
    this.openBackoff = config.openBackoff().map(b -> b.sequence()).orElse(null);
    this.phase = new Phase.Closed(0L, newStats(needsNow ? ticker.read() : 0L));
  }

  Phase phase() {
    return phase;
  }

  // ---------------------------------------------------------------- admission

  /**
   * Admits a call or rejects it.
   *
   * @return the ticket (the admitting generation, {@code >= 0}), or {@link CircuitBreaker#NOT_PERMITTED}
   * @throws CircuitOpenException on rejection, if {@code throwOnReject}
   */
  long acquire(boolean throwOnReject) {
    Phase p = phase;
    if (p.state == CircuitState.CLOSED) {
      if (listeners.anyForCalls()) {
        listeners.emit(new CircuitBreakerEvent.CallPermitted(name, CircuitState.CLOSED));
      }
      return p.generation;
    }
    return acquireSlow(p, throwOnReject);
  }

  private long acquireSlow(Phase current, boolean throwOnReject) {
    Phase p = current;
    for (;;) {
      switch (p.state) {
        case CLOSED:
        case DISABLED:
          return permit(p);
        case OPEN:
          {
            Phase.Open open = (Phase.Open) p;
            if (!open.elapsed(ticker.read())) {
              return reject(open.rejection, throwOnReject);
            }
            transition(open, CircuitState.HALF_OPEN, TransitionReason.OPEN_DURATION_ELAPSED);
            p = phase;
            break;
          }
        case HALF_OPEN:
          {
            Phase.HalfOpen half = (Phase.HalfOpen) p;
            if (maxWaitInHalfOpenNanos > 0 && ticker.read() - half.enteredAtNanos >= maxWaitInHalfOpenNanos) {
              transition(half, CircuitState.OPEN, TransitionReason.HALF_OPEN_TIMEOUT);
              p = phase;
              break;
            }
            if (half.tryAdmit(maxHalfOpenCalls)) {
              return permit(half);
            }
            return reject(half.rejection, throwOnReject);
          }
        default: // FORCED_OPEN
          return reject(forcedOpen, throwOnReject);
      }
    }
  }

  private long permit(Phase p) {
    if (listeners.anyForCalls()) {
      listeners.emit(new CircuitBreakerEvent.CallPermitted(name, p.state));
    }
    return p.generation;
  }

  private long reject(CircuitOpenException rejection, boolean throwOnReject) {
    CircuitBreakerStats c = counts;
    if (c != null) {
      c.recordRejected();
    }
    if (listeners.anyForCalls()) {
      listeners.emit(
          new CircuitBreakerEvent.CallRejected(name, rejection.state(), rejection.retryAfterNanos()));
    }
    if (throwOnReject) {
      throw rejection;
    }
    return CircuitBreaker.NOT_PERMITTED;
  }

  // ---------------------------------------------------------------- outcomes

  /**
   * Records the outcome of an admitted call, unless its generation has passed.
   *
   * @param ticket the generation that admitted the call
   * @param outcome {@link Classifier#SUCCESS}, {@link Classifier#FAILURE} or {@link Classifier#IGNORED}
   * @param durationNanos the call's duration; meaningful only if {@link #timesCalls} or reported by hand
   * @param nowNanos the clock at completion; meaningful only if {@link #needsNow}
   * @param error the exception, for events; null for a result
   */
  void complete(long ticket, int outcome, long durationNanos, long nowNanos, @Nullable Throwable error) {
    boolean slow = slowCallNanos > 0 && durationNanos > slowCallNanos;
    CircuitBreakerStats c = counts;
    if (c != null && ticket >= 0) {
      if (durationNanos < 0 && outcome == Classifier.SUCCESS) {
        c.recordUntimedSuccess(); // the common bound path, kept small enough to inline
      } else {
        c.record(outcome, slow, durationNanos);
      }
    }
    Phase p = phase;
    if (p.generation != ticket) {
      return; // late: admitted before a transition, or not a ticket at all
    }
    if (p instanceof Phase.Closed) {
      Phase.Closed closed = (Phase.Closed) p;
      if (outcome == Classifier.IGNORED) {
        emitIgnored(p, durationNanos, error);
        return;
      }
      boolean failure = outcome == Classifier.FAILURE;
      if (listeners.anyForCalls()) {
        emitOutcome(p, failure, slow, durationNanos, error);
      }
      TransitionReason trip = closed.stats.record(failure, slow, nowNanos);
      if (trip != null) {
        transition(closed, CircuitState.OPEN, trip);
      }
      return;
    }
    if (p instanceof Phase.HalfOpen) {
      completeTrial((Phase.HalfOpen) p, outcome, slow, durationNanos, error);
    }
    // DISABLED admits calls but records nothing; FORCED_OPEN and OPEN admit none.
  }

  private void completeTrial(
      Phase.HalfOpen half, int outcome, boolean slow, long durationNanos, @Nullable Throwable error) {
    if (outcome == Classifier.IGNORED) {
      emitIgnored(half, durationNanos, error);
      half.release();
      return;
    }
    boolean failure = outcome == Classifier.FAILURE;
    if (listeners.anyForCalls()) {
      emitOutcome(half, failure, slow, durationNanos, error);
    }
    if (failure || slow) {
      transition(half, CircuitState.OPEN, TransitionReason.TRIAL_FAILED);
      return;
    }
    int successes = half.successes.incrementAndGet();
    half.release();
    if (successes >= successThreshold) {
      transition(half, CircuitState.CLOSED, TransitionReason.TRIALS_SUCCEEDED);
    }
  }

  /** Frees what an admitted call holds without recording an outcome. */
  void release(long ticket) {
    Phase p = phase;
    if (p.generation == ticket && p instanceof Phase.HalfOpen) {
      ((Phase.HalfOpen) p).release();
    }
  }

  private void emitOutcome(Phase p, boolean failure, boolean slow, long durationNanos, @Nullable Throwable error) {
    listeners.emit(
        failure
            ? new CircuitBreakerEvent.CallFailed(name, p.state, durationNanos, slow, error)
            : new CircuitBreakerEvent.CallSucceeded(name, p.state, durationNanos, slow));
  }

  private void emitIgnored(Phase p, long durationNanos, @Nullable Throwable error) {
    if (listeners.anyForCalls() && error != null) {
      listeners.emit(new CircuitBreakerEvent.ErrorIgnored(name, p.state, durationNanos, error));
    }
  }

  // ---------------------------------------------------------------- transitions

  /**
   * Moves from {@code expected} to a new phase in state {@code to}, if {@code expected} is still
   * current. Of several threads asking for the same transition, exactly one performs it.
   *
   * @return whether this call performed the transition
   */
  boolean transition(Phase expected, CircuitState to, TransitionReason reason) {
    transitionLock.lock();
    try {
      Phase from = phase;
      if (from != expected) {
        return false;
      }
      enter(from, to, reason);
      return true;
    } finally {
      transitionLock.unlock();
    }
  }

  /** Moves from whatever the current phase is to a new phase in state {@code to}: the manual transitions. */
  void force(CircuitState to, TransitionReason reason) {
    transitionLock.lock();
    try {
      enter(phase, to, reason);
    } finally {
      transitionLock.unlock();
    }
  }

  /** Builds and publishes the next phase, then logs and emits the transition. Holds the lock. */
  private void enter(Phase from, CircuitState to, TransitionReason reason) {
    long now = ticker.read();
    ClosedStats.Counts counts =
        from instanceof Phase.Closed ? ((Phase.Closed) from).stats.counts(now) : ClosedStats.Counts.EMPTY;
    double failureRate = rateRule != null ? counts.failureRate() : -1.0;
    double slowCallRate = rateRule != null && slowCallNanos > 0 ? counts.slowCallRate() : -1.0;
    long generation = from.generation + 1;
    Phase next;
    switch (to) {
      case CLOSED:
        if (openBackoff != null) {
          openBackoff.reset();
        }
        next = new Phase.Closed(generation, newStats(now));
        break;
      case OPEN:
        {
          long duration = openBackoff != null ? openBackoff.nextNanos() : config.openDurationNanos();
          next = new Phase.Open(generation, now, duration, CircuitOpenException.open(name, duration, now, ticker));
          break;
        }
      case HALF_OPEN:
        next = new Phase.HalfOpen(generation, now, halfOpenFull);
        break;
      case FORCED_OPEN:
        next = new Phase.Manual(CircuitState.FORCED_OPEN, generation);
        break;
      default: // DISABLED
        next = new Phase.Manual(CircuitState.DISABLED, generation);
        break;
    }
    phase = next;
    CircuitBreakerStats c = this.counts;
    if (c != null) {
      c.recordTransition(from.state, to);
    }
    LoggingEventBuilder log = Log.LOGGER
        .atLevel(to == CircuitState.OPEN || to == CircuitState.FORCED_OPEN ? Level.WARN : Level.INFO)
        .setMessage("circuit breaker '{}' {} -> {} ({})")
        .addArgument(name)
        .addArgument(from.state)
        .addArgument(to)
        .addArgument(reason)
        .addKeyValue("event", "circuit_breaker_transition")
        .addKeyValue("name", name)
        .addKeyValue("from", Log.value(from.state))
        .addKeyValue("to", Log.value(to))
        .addKeyValue("reason", Log.value(reason));
    // The rates are measured only when a sliding window decides: no "-1.0" otherwise.
    if (failureRate >= 0) {
      log = log.addKeyValue("failure_rate", failureRate);
    }
    if (slowCallRate >= 0) {
      log = log.addKeyValue("slow_call_rate", slowCallRate);
    }
    log.log();
    if (listeners.any()) {
      listeners.emit(
          new CircuitBreakerEvent.StateTransition(name, from.state, to, reason, failureRate, slowCallRate));
    }
    if (next instanceof Phase.Open) {
      scheduleHalfOpen((Phase.Open) next);
    }
  }

  private void scheduleHalfOpen(Phase.Open open) {
    ScheduledExecutorService s = scheduler;
    if (s == null) {
      return;
    }
    try {
      Runnable halfOpen = () -> {
        transition(open, CircuitState.HALF_OPEN, TransitionReason.OPEN_DURATION_ELAPSED);
      };
      ScheduledFuture<?> unused = s.schedule(halfOpen, open.durationNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      Log.LOGGER
          .atWarn()
          .setMessage("circuit breaker '{}': the scheduler refused the OPEN -> HALF_OPEN task; the next call will do it")
          .addArgument(name)
          .addKeyValue("event", "circuit_breaker_scheduler_rejected")
          .addKeyValue("name", name)
          .setCause(e)
          .log();
    }
  }

  private ClosedStats newStats(long now) {
    RateRule rule = rateRule;
    SlidingWindow window = config.slidingWindow().orElse(null);
    if (rule == null || window == null) {
      return new ConsecutiveFailures(config.consecutiveFailures());
    }
    return window.isTimeBased() ? new TimeWindow(window, rule, now) : new CountWindow(window.size(), rule);
  }

  // ---------------------------------------------------------------- metrics

  CircuitBreakerSnapshot snapshot() {
    Phase p = phase;
    if (p instanceof Phase.Closed) {
      ClosedStats.Counts c = ((Phase.Closed) p).stats.counts(ticker.read());
      boolean windowed = rateRule != null;
      return new CircuitBreakerSnapshot(
          p.state,
          p.generation,
          c.calls(),
          c.failures(),
          c.slow(),
          windowed ? c.failureRate() : -1.0,
          windowed && slowCallNanos > 0 ? c.slowCallRate() : -1.0,
          c.consecutiveFailures(),
          0,
          0);
    }
    int inFlight = 0;
    int successes = 0;
    if (p instanceof Phase.HalfOpen) {
      inFlight = ((Phase.HalfOpen) p).inFlight.get();
      successes = ((Phase.HalfOpen) p).successes.get();
    }
    return new CircuitBreakerSnapshot(p.state, p.generation, 0, 0, 0, -1.0, -1.0, 0, inFlight, successes);
  }

  /** Nanoseconds until an OPEN breaker admits a trial; 0 if it is not OPEN. */
  long remainingOpenNanos() {
    Phase p = phase;
    if (p instanceof Phase.Open) {
      Phase.Open open = (Phase.Open) p;
      long left = open.durationNanos - (ticker.read() - open.openedAtNanos);
      return left > 0 ? left : 0L;
    }
    return 0L;
  }
}
