package dev.bulwark.examples.usage;

import dev.bulwark.ratelimit.ConcurrencyLimiter;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounding calls in flight with a {@link ConcurrencyLimiter}: {@code tryAcquire()} never blocks,
 * and try-with-resources releases the permit on every path, exceptions included. A refused permit
 * is safe to close too, so the same block handles both cases.
 */
public final class ConcurrencyLimiterExample {

  private ConcurrencyLimiterExample() {}

  /**
   * Runs the example and prints each step.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run().forEach(System.out::println);
  }

  /**
   * Holds both permits of a limit of 2, is refused a third, and shows that a call that throws
   * still gives its permit back.
   *
   * @return one line per step
   */
  static List<String> run() {
    ConcurrencyLimiter db = ConcurrencyLimiter.builder(2).name("db").build();
    List<String> steps = new ArrayList<>();

    try (ConcurrencyLimiter.Permit first = db.tryAcquire();
        ConcurrencyLimiter.Permit second = db.tryAcquire();
        ConcurrencyLimiter.Permit third = db.tryAcquire()) {
      steps.add("acquired: " + first.isAcquired() + ", " + second.isAcquired() + ", " + third.isAcquired());
      steps.add("in flight: " + db.inFlight() + " of " + db.limit());
    }
    steps.add("in flight after the block: " + db.inFlight());

    try {
      query(db);
    } catch (IllegalStateException e) {
      steps.add("query failed (" + e.getMessage() + "), in flight: " + db.inFlight());
    }
    return steps;
  }

  /** A guarded call that fails half-way: the permit is released all the same. */
  private static void query(ConcurrencyLimiter db) {
    try (ConcurrencyLimiter.Permit permit = db.tryAcquire()) {
      if (!permit.isAcquired()) {
        throw new IllegalStateException("busy: answer 503");
      }
      throw new IllegalStateException("connection reset");
    }
  }
}
