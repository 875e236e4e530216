package dev.bulwark.http.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The application every adapter test serves behind its adapter, written in the adapter's framework
 * with exactly this behaviour:
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><td>{@code GET /ok}</td><td>200, {@code Content-Type: text/plain}, body {@value #OK_BODY},
 *       and the header {@value #NONCE_HEADER} carrying the exchange's CSP nonce (as the adapter
 *       exposes it to handlers; omitted when there is none), and the header {@value #MDC_HEADER}
 *       carrying the slf4j MDC's {@code request_id} as the handler sees it (omitted when
 *       absent)</td></tr>
 *   <tr><td>{@code GET /fail}</td><td>500 (a servlet calls {@code sendError(500)})</td></tr>
 *   <tr><td>{@code GET /throw}</td><td>the handler throws {@link IllegalStateException}; the
 *       server answers 500</td></tr>
 *   <tr><td>{@code GET /slow}</td><td>asynchronous: the handler returns without blocking a server
 *       thread after handing {@link #park} a task that sends 200, {@code text/plain}, body
 *       {@value #SLOW_BODY} and completes the response (a servlet: {@code startAsync()} and a task
 *       that writes and calls {@code complete()}; Netty: a task that writes on the channel); the
 *       test runs the tasks with {@link #releaseSlow()}</td></tr>
 *   <tr><td>{@code POST /echo}</td><td>200 with the request body's bytes as the body and the
 *       request's {@code Content-Type}</td></tr>
 *   <tr><td>{@code POST /drain}</td><td>reads the whole body and answers 200, {@code text/plain},
 *       with the number of bytes read (no route checks this body: it has the edge's body
 *       limit)</td></tr>
 *   <tr><td>{@code GET /api/search}</td><td>200, {@code text/plain}, body
 *       {@value #SEARCH_BODY}</td></tr>
 *   <tr><td>{@code GET /paths/**}</td><td>200, {@code text/plain}, body: the path as the
 *       application decodes it (a servlet: {@code getServletPath() + getPathInfo()}; Netty:
 *       {@code QueryStringDecoder.path()}), a line feed, and the edge's
 *       {@code EdgeExchange.path()} (from {@code BulwarkFilter.EXCHANGE_ATTRIBUTE} or
 *       {@code BulwarkHandler.exchange})</td></tr>
 *   <tr><td>anything else</td><td>404</td></tr>
 * </table>
 *
 * <p>One instance per test; thread-safe.
 */
public final class ContractApp {

  /** The response header in which {@code GET /ok} returns the CSP nonce. */
  public static final String NONCE_HEADER = "X-Nonce";
  /** The response header in which {@code GET /ok} returns the MDC's request identifier. */
  public static final String MDC_HEADER = "X-Mdc-Request-Id";
  /** The body of {@code GET /ok}. */
  public static final String OK_BODY = "ok";
  /** The body of {@code GET /slow}. */
  public static final String SLOW_BODY = "slow";
  /** The body of {@code GET /api/search}. */
  public static final String SEARCH_BODY = "results";
  /** The prefix of the paths whose handler echoes the path it sees and the path the edge routed. */
  public static final String PATHS_PREFIX = "/paths/";

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition parkedChanged = lock.newCondition();
  private final List<Runnable> parked = new ArrayList<>();

  /**
   * Holds the task that finishes one {@code GET /slow} response until the test releases it.
   * Called by the app's {@code /slow} handler, on a server thread; never blocks.
   *
   * @param finish writes the 200 response and completes it; run at most once, on the test's thread
   */
  public void park(Runnable finish) {
    lock.lock();
    try {
      parked.add(finish);
      parkedChanged.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until {@code count} slow requests are parked, or the timeout passes.
   *
   * @param count how many to wait for
   * @param timeout how long to wait at most
   * @return true when at least {@code count} are parked
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitParked(int count, Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (parked.size() < count) {
        if (nanos <= 0) {
          return false;
        }
        nanos = parkedChanged.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Finishes every parked slow request, in the order they were parked.
   *
   * @return how many were finished
   */
  public int releaseSlow() {
    List<Runnable> tasks;
    lock.lock();
    try {
      tasks = new ArrayList<>(parked);
      parked.clear();
    } finally {
      lock.unlock();
    }
    for (Runnable task : tasks) {
      task.run();
    }
    return tasks.size();
  }
}
