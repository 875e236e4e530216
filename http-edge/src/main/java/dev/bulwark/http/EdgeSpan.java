package dev.bulwark.http;

/**
 * The trace span of one request, as an {@link EdgeTracer} started it when the request began. The
 * edge tells it what happened during the request ({@link #event}) and ends it once, when the request
 * ends ({@link #end}); the adapter makes it current on the handler's thread while the handler runs
 * ({@link #open}). See {@link EdgeTracer} for when each is called.
 *
 * <p>Implementations must be thread-safe: a span is started on the thread that begins the request
 * and may be ended on another (an asynchronous response's). Their exceptions are logged and
 * swallowed by the edge.
 */
public interface EdgeSpan {

  /**
   * Makes this span the current one on the calling thread, so that spans started on it are its
   * children, until the returned scope is closed. Close it on the same thread, before the request
   * ends; scopes nest.
   *
   * @return the scope to close
   */
  Scope open();

  /**
   * Tells the span of an event of its request, before {@link #end}: a gate in shadow mode that would
   * have refused it ({@link EdgeEvent.ShadowRejected}), or a validation violation behind its refusal
   * ({@link EdgeEvent.ViolationFound}). Called on the thread that runs the gate. Does nothing unless
   * overridden.
   *
   * @param event the event, of this span's request
   */
  default void event(EdgeEvent event) {}

  /**
   * Ends the span: the request ended as {@code finished} says (outcome, status, gate, duration on
   * the edge's ticker, sizes), the same event the edge's {@link EdgeListener} gets. Called once, on
   * the thread that ends the request.
   *
   * @param finished how the request ended
   */
  void end(EdgeEvent.RequestFinished finished);

  /**
   * The scope of a span made current on a thread by {@link #open}: closing it restores what was
   * current before.
   */
  @FunctionalInterface
  interface Scope extends AutoCloseable {

    /** The scope of no span: closing it does nothing. */
    Scope NONE = () -> { };

    /** Restores the thread's current span as it was before {@link EdgeSpan#open}; throws nothing. */
    @Override
    void close();
  }
}
