package dev.bulwark.examples;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The counters of one route: responses by status (one slot per status 100 to 599, so memory is
 * fixed however many requests come) and the requests inside the handler. Lock-free.
 */
final class RouteCounters {

  private final String route;
  private final @Nullable String breaker;
  private final AtomicLongArray statuses = new AtomicLongArray(500);
  private final LongAdder permitted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final AtomicInteger inFlight = new AtomicInteger();

  RouteCounters(String route, @Nullable String breaker) {
    this.route = route;
    this.breaker = breaker;
  }

  void record(int status) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be in [100, 599] but was " + status);
    }
    statuses.incrementAndGet(status - 100);
    (status < 400 ? permitted : rejected).increment();
  }

  void enter() {
    inFlight.incrementAndGet();
  }

  void exit() {
    inFlight.decrementAndGet();
  }

  RouteView view() {
    Map<Integer, Long> seen = new HashMap<>();
    for (int i = 0; i < statuses.length(); i++) {
      long n = statuses.get(i);
      if (n != 0) {
        seen.put(i + 100, n);
      }
    }
    return new RouteView(route, permitted.sum(), rejected.sum(), seen, inFlight.get(), breaker);
  }
}
