package dev.bulwark.examples;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;

/**
 * The app's own counters of one route: the statuses of the answers its server wrote (one slot per
 * status 100 to 599, so memory is fixed however many requests come) and the requests inside the
 * handler. The edge's answers (its refusals) are the edge's {@link dev.bulwark.http.RouteStatistics},
 * added by {@link #view}. Lock-free.
 */
final class RouteCounters {

  private final String route;
  private final @Nullable String breaker;
  private final AtomicLongArray statuses = new AtomicLongArray(500);
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
  }

  void enter() {
    inFlight.incrementAndGet();
  }

  void exit() {
    inFlight.decrementAndGet();
  }

  /** The route now, its statuses with the edge's own answers added. */
  RouteView view(Map<Integer, Long> edgeAnswers) {
    Map<Integer, Long> seen = new TreeMap<>(edgeAnswers);
    for (int i = 0; i < statuses.length(); i++) {
      long n = statuses.get(i);
      if (n != 0) {
        seen.merge(i + 100, n, Long::sum);
      }
    }
    long permitted = 0;
    long rejected = 0;
    for (Map.Entry<Integer, Long> e : seen.entrySet()) {
      if (e.getKey() < 400) {
        permitted += e.getValue();
      } else {
        rejected += e.getValue();
      }
    }
    return new RouteView(route, permitted, rejected, seen, inFlight.get(), breaker);
  }
}
