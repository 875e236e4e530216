package dev.bulwark.examples.scenario;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the scenario's requests per client kind and route as they are sent and answered. One lock
 * guards everything: the scenario sends at most a few hundred requests a second. Once
 * {@link #close} has counted the unanswered requests as failed, late answers are ignored, so every
 * row adds up.
 */
final class Tally {

  /** The counters of one kind on one route. */
  static final class Cell {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong permitted = new AtomicLong();
    final AtomicLong tooManyRequests = new AtomicLong();
    final AtomicLong unavailable = new AtomicLong();
    final AtomicLong badRequest = new AtomicLong();
    final AtomicLong other = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final LatencySamples latencies = new LatencySamples();

    private void answered(int status, long latencyNanos) {
      latencies.add(latencyNanos);
      if (status < 400) {
        permitted.incrementAndGet();
      } else if (status == 429) {
        tooManyRequests.incrementAndGet();
      } else if (status == 503) {
        unavailable.incrementAndGet();
      } else if (status == 400) {
        badRequest.incrementAndGet();
      } else {
        other.incrementAndGet();
      }
    }

    private void failed() {
      failed.incrementAndGet();
    }

    long answeredOrFailed() {
      return permitted.get() + tooManyRequests.get() + unavailable.get() + badRequest.get() + other.get()
          + failed.get();
    }
  }

  private final Map<ClientKind, Map<String, Cell>> cells = new EnumMap<>(ClientKind.class);
  private final List<String> routeOrder = new ArrayList<>();
  private boolean closed;

  /** Counts a request as sent and returns the cell its outcome goes to. */
  synchronized Cell sent(ClientKind kind, String route) {
    Cell cell = cells.computeIfAbsent(kind, k -> new LinkedHashMap<>()).computeIfAbsent(route, r -> new Cell());
    if (!routeOrder.contains(route)) {
      routeOrder.add(route);
    }
    cell.sent.incrementAndGet();
    return cell;
  }

  /** Counts an answer; ignored after {@link #close}. */
  synchronized void answered(Cell cell, int status, long latencyNanos) {
    if (!closed) {
      cell.answered(status, latencyNanos);
    }
  }

  /** Counts a request that got no answer; ignored after {@link #close}. */
  synchronized void failed(Cell cell) {
    if (!closed) {
      cell.failed();
    }
  }

  synchronized long sent() {
    long n = 0;
    for (Map<String, Cell> byRoute : cells.values()) {
      for (Cell c : byRoute.values()) {
        n += c.sent.get();
      }
    }
    return n;
  }

  /**
   * Counts every request still unanswered as failed and ignores outcomes from now on: called when
   * the scenario stops waiting for answers.
   */
  synchronized void close() {
    closed = true;
    for (Map<String, Cell> byRoute : cells.values()) {
      for (Cell c : byRoute.values()) {
        long missing = c.sent.get() - c.answeredOrFailed();
        c.failed.addAndGet(Math.max(0, missing));
      }
    }
  }

  synchronized List<TrafficRow> byKind() {
    List<TrafficRow> rows = new ArrayList<>();
    for (Map.Entry<ClientKind, Map<String, Cell>> e : cells.entrySet()) {
      rows.add(row(e.getKey().label(), List.copyOf(e.getValue().values())));
    }
    return rows;
  }

  synchronized List<TrafficRow> byRoute() {
    List<TrafficRow> rows = new ArrayList<>();
    for (String route : routeOrder) {
      List<Cell> all = new ArrayList<>();
      for (Map<String, Cell> byRoute : cells.values()) {
        Cell c = byRoute.get(route);
        if (c != null) {
          all.add(c);
        }
      }
      rows.add(row(route, all));
    }
    return rows;
  }

  synchronized Map<ClientKind, List<TrafficRow>> cells() {
    Map<ClientKind, List<TrafficRow>> out = new EnumMap<>(ClientKind.class);
    cells.forEach(
        (kind, byRoute) -> {
          List<TrafficRow> rows = new ArrayList<>();
          byRoute.forEach((route, cell) -> rows.add(row(route, List.of(cell))));
          out.put(kind, rows);
        });
    return out;
  }

  private static TrafficRow row(String name, List<Cell> cells) {
    long sent = 0;
    long permitted = 0;
    long tooMany = 0;
    long unavailable = 0;
    long badRequest = 0;
    long other = 0;
    long failed = 0;
    LatencySamples latencies = new LatencySamples();
    for (Cell c : cells) {
      sent += c.sent.get();
      permitted += c.permitted.get();
      tooMany += c.tooManyRequests.get();
      unavailable += c.unavailable.get();
      badRequest += c.badRequest.get();
      other += c.other.get();
      failed += c.failed.get();
      latencies.addAll(c.latencies);
    }
    return new TrafficRow(
        name, sent, permitted, tooMany, unavailable, badRequest, other, failed,
        latencies.percentile(50), latencies.percentile(99));
  }
}
