package dev.bulwark.circuitbreaker;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One generation of a breaker's state: immutable apart from its own counters, and replaced as a
 * whole on every transition. A call remembers the generation that admitted it (its ticket) and its
 * outcome counts only if that generation is still current: late results are ignored for free, and
 * per-state counters never need resetting (a new phase starts from zero).
 */
abstract sealed class Phase {

  final CircuitState state;
  final long generation;

  Phase(CircuitState state, long generation) {
    this.state = state;
    this.generation = generation;
  }

  /** CLOSED: calls pass; outcomes go to the trip strategy's stats. */
  static final class Closed extends Phase {
    final ClosedStats stats;

    Closed(long generation, ClosedStats stats) {
      super(CircuitState.CLOSED, generation);
      this.stats = stats;
    }
  }

  /** OPEN: calls are rejected until {@code durationNanos} after {@code openedAtNanos}. */
  static final class Open extends Phase {
    final long openedAtNanos;
    final long durationNanos;
    final CircuitOpenException rejection;

    Open(long generation, long openedAtNanos, long durationNanos, CircuitOpenException rejection) {
      super(CircuitState.OPEN, generation);
      this.openedAtNanos = openedAtNanos;
      this.durationNanos = durationNanos;
      this.rejection = rejection;
    }

    boolean elapsed(long nowNanos) {
      return nowNanos - openedAtNanos >= durationNanos;
    }
  }

  /** HALF_OPEN: at most {@code maxTrials} trial calls in flight; counts their successes. */
  static final class HalfOpen extends Phase {
    final long enteredAtNanos;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger successes = new AtomicInteger();
    final CircuitOpenException rejection;

    HalfOpen(long generation, long enteredAtNanos, CircuitOpenException rejection) {
      super(CircuitState.HALF_OPEN, generation);
      this.enteredAtNanos = enteredAtNanos;
      this.rejection = rejection;
    }

    /** Takes a trial slot if fewer than {@code maxTrials} are taken. */
    boolean tryAdmit(int maxTrials) {
      for (;;) {
        int n = inFlight.get();
        if (n >= maxTrials) {
          return false;
        }
        if (inFlight.compareAndSet(n, n + 1)) {
          return true;
        }
      }
    }

    /** Frees a trial slot; never below zero, so a ticket reported twice cannot create slots. */
    void release() {
      for (;;) {
        int n = inFlight.get();
        if (n <= 0 || inFlight.compareAndSet(n, n - 1)) {
          return;
        }
      }
    }
  }

  /** FORCED_OPEN or DISABLED: set by hand; nothing is recorded. */
  static final class Manual extends Phase {
    Manual(CircuitState state, long generation) {
      super(state, generation);
    }
  }
}
