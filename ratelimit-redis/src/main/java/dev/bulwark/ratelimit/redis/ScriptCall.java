package dev.bulwark.ratelimit.redis;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * One script call waiting in a {@link CombiningRunner}: what to send, who waits for the reply (a
 * parked thread, or a completion for an asynchronous caller), and the reply once it arrived.
 *
 * <p>Its state moves once out of {@link #PENDING}: to {@link #DONE} when the thread that sent it
 * settles it, to {@link #ABANDONED} when its waiting thread gives up first (its reply is then
 * dropped), or, for a synchronous call still in the queue, to {@link #FLUSH} when the runner's
 * sending role is handed to its thread (which then sends it itself, and settles it to DONE). The
 * reply fields are written before the state becomes DONE and read after, so the volatile state
 * publishes them.
 */
final class ScriptCall {

  /** Waiting in the queue or in a batch being sent. */
  static final int PENDING = 0;
  /** Its (synchronous) caller now holds the runner's sending role and sends it itself. */
  static final int FLUSH = 1;
  /** Settled: {@link #reply} or {@link #failure} holds the outcome. */
  static final int DONE = 2;
  /** Its caller stopped waiting; a reply that comes is dropped. */
  static final int ABANDONED = 3;

  /** Receives an asynchronous call's outcome, on the thread that sent its batch. */
  interface Completion {
    /**
     * Called once, with exactly one of the two non-null.
     *
     * @param reply the script's reply as Jedis decodes it
     * @param failure why there is no reply
     */
    void completed(@Nullable Object reply, @Nullable RuntimeException failure);
  }

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(ScriptCall.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final LuaScript script;
  final List<byte[]> keys;
  final List<byte[]> args;
  private final @Nullable Thread waiter;
  private final @Nullable Completion completion;
  @SuppressWarnings("UnusedVariable") // read and written through STATE
  private volatile int state;
  private @Nullable Object reply;
  private @Nullable RuntimeException failure;

  private ScriptCall(
      LuaScript script, List<byte[]> keys, List<byte[]> args, @Nullable Thread waiter, @Nullable Completion completion) {
    this.script = script;
    this.keys = keys;
    this.args = args;
    this.waiter = waiter;
    this.completion = completion;
  }

  /** A call whose caller, the current thread, waits for it. */
  static ScriptCall waitedFor(LuaScript script, List<byte[]> keys, List<byte[]> args) {
    return new ScriptCall(script, keys, args, Thread.currentThread(), null);
  }

  /** A call whose outcome goes to {@code completion}. */
  static ScriptCall completedBy(LuaScript script, List<byte[]> keys, List<byte[]> args, Completion completion) {
    return new ScriptCall(script, keys, args, null, completion);
  }

  boolean isAsync() {
    return waiter == null;
  }

  int state() {
    return state;
  }

  boolean isAbandoned() {
    return state == ABANDONED;
  }

  /** Hands the sending role to this queued synchronous call's thread; false if it gave up. */
  boolean elect() {
    if (!STATE.compareAndSet(this, PENDING, FLUSH)) {
      return false;
    }
    LockSupport.unpark(waiter);
    return true;
  }

  /** Gives up waiting; false if the call was settled or its thread elected meanwhile. */
  boolean abandon() {
    return STATE.compareAndSet(this, PENDING, ABANDONED);
  }

  /**
   * Settles the call with exactly one of a reply and a failure and wakes or completes its caller;
   * does nothing if it was settled or abandoned before.
   */
  void settle(@Nullable Object reply, @Nullable RuntimeException failure) {
    int seen;
    do {
      seen = state;
      if (seen == DONE || seen == ABANDONED) {
        return;
      }
      this.reply = reply;
      this.failure = failure;
    } while (!STATE.compareAndSet(this, seen, DONE));
    Completion done = completion;
    if (done != null) {
      done.completed(reply, failure);
    } else {
      LockSupport.unpark(waiter);
    }
  }

  /**
   * The reply of a settled call.
   *
   * @throws RuntimeException the failure it was settled with
   * @throws JedisDataException if the reply was nil (no script of this module returns nil)
   */
  Object reply() {
    RuntimeException failed = failure;
    if (failed != null) {
      throw failed;
    }
    Object answer = reply;
    if (answer == null) {
      throw new JedisDataException(script + " returned nil");
    }
    return answer;
  }
}
