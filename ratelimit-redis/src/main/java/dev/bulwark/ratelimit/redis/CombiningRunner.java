package dev.bulwark.ratelimit.redis;

import dev.bulwark.core.Ticker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisSentineled;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Runs one limiter's script calls, combining the calls of concurrent callers into one pipelined
 * round trip. Thread-safe, lock-free.
 *
 * <h2>How it works, and why</h2>
 * On a small machine a Redis decision's cost is not the script (a few microseconds of the server's
 * time) but the round trip: the system calls, the context switches and the client's work of one
 * blocking request and reply per decision per thread. Sending the calls that are waiting anyway as
 * one pipeline pays those once for the batch.
 *
 * <p>Callers put their call in a lock-free queue. At most {@link #MAX_SENDERS} callers at a time
 * hold a <em>sending role</em> (an atomic count): each takes up to {@link #MAX_BATCH} queued calls,
 * sends them as one pipeline on one connection, settles each call with its reply or failure, and
 * then passes the role on: to the thread of the next queued synchronous call (which wakes and
 * sends the next batch, its own call first), or to a flush task on the asynchronous executor for
 * an asynchronous call, or, with nothing queued, releases it and looks once more, so a call queued
 * meanwhile is never stranded. A synchronous sender sends at most {@link #EXTRA_BATCHES} batches
 * for others after its own (each hand-off costs a wake-up on the path of every queued caller), then
 * returns with its own reply: nobody's decision waits long for other callers' work. A flush task
 * sends while calls are queued. Two roles rather than one keep both sides busy: Redis runs one
 * batch while the client sends or reads the other. A lone caller finds the queue empty, takes a
 * role and sends its call alone, as one plain {@code EVALSHA}: no timer, no thread, no added
 * latency. Waiting threads park (no spinning, no lock, so a virtual thread never pins); a waiter
 * gives up after the call timeout (the failure policy then decides; its reply, if it comes, is
 * dropped) or when interrupted.
 *
 * <p>{@code NOSCRIPT} for some calls of a batch: the script is loaded and those calls are sent once
 * more, as the single-call path does.
 *
 * <p>Asynchronous calls are always combined (a flush task on the executor sends them; no caller
 * waits on another's wake-up). Synchronous calls are combined only when the limiter is built with
 * {@code combineSynchronousCalls(true)}: their batches move from one parked thread to the next,
 * and on a loaded two-core machine those wake-ups, on every waiting caller's path, measured slower
 * than one round trip per thread (benchmarks/RESULTS.md).
 *
 * <p>Only clients whose pipeline goes to the one server that owns every key combine:
 * {@link JedisPooled} and {@link JedisSentineled}. A {@code JedisCluster}'s pipeline splits a batch
 * by node and does not follow {@code MOVED} redirections as its single calls do, so on a cluster
 * (and on any other {@link UnifiedJedis}) every call is sent on its own.
 */
final class CombiningRunner {

  /** The most calls sent in one pipeline. */
  static final int MAX_BATCH = 64;

  /**
   * The most round trips in flight at once: two, so that Redis works on one batch while the
   * client sends or reads the other (one at a time would leave each side idle while the other
   * works).
   */
  static final int MAX_SENDERS = 2;

  /** The most batches a synchronous sender sends for others after its own before handing on. */
  static final int EXTRA_BATCHES = 3;

  private final UnifiedJedis redis;
  private final ScriptRunner direct;
  private final boolean combinesAsync;
  private final boolean combinesSync;
  private final Ticker ticker;
  private final long waitLimitNanos;
  private final Executor executor;
  private final ConcurrentLinkedQueue<ScriptCall> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger senders = new AtomicInteger();
  private final LongAdder roundTrips = new LongAdder();
  private final LongAdder calls = new LongAdder();

  /**
   * @param combineSync whether to combine synchronous calls too when the client allows it
   *     (asynchronous ones always are)
   * @param ticker the clock of the waiters' time limit
   * @param waitLimitNanos how long a synchronous caller waits for its reply before giving up
   * @param executor runs the flushes that asynchronous calls start
   */
  CombiningRunner(UnifiedJedis redis, boolean combineSync, Ticker ticker, long waitLimitNanos, Executor executor) {
    this.redis = redis;
    this.direct = new ScriptRunner(redis);
    this.combinesAsync = supportsCombining(redis);
    this.combinesSync = combineSync && combinesAsync;
    if (combinesAsync) {
      PipelineClasses.load();
    }
    this.ticker = ticker;
    this.waitLimitNanos = waitLimitNanos;
    this.executor = executor;
  }

  /**
   * Loads and initialises, on the builder's thread, the classes the first pipeline needs. Left to
   * the first batch, a virtual thread that finds another thread loading one of them waits in the
   * class loader, under a native frame, and pins its carrier (seen by VirtualThreadPinningTest on
   * JDK 25).
   */
  private static final class PipelineClasses {
    static {
      ClassLoader jedis = UnifiedJedis.class.getClassLoader();
      for (String name : List.of(
          "redis.clients.jedis.Pipeline",
          "redis.clients.jedis.PipelineBase",
          "redis.clients.jedis.AbstractPipeline",
          "redis.clients.jedis.PipeliningBase",
          "redis.clients.jedis.Response",
          "redis.clients.jedis.providers.MultiClusterPooledConnectionProvider",
          "redis.clients.jedis.exceptions.JedisNoScriptException")) {
        try {
          Class.forName(name, true, jedis);
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException("Jedis 5 lacks " + name, e);
        }
      }
      try {
        Class.forName(ScriptCall.class.getName(), true, CombiningRunner.class.getClassLoader());
        Class.forName(CallAbandonedException.class.getName(), true, CombiningRunner.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }

    private PipelineClasses() {}

    /** Does nothing; calling it initialises this class, which loads the others. */
    static void load() {}
  }

  /** Whether {@code redis.pipelined()} sends every command to the one server owning all keys. */
  static boolean supportsCombining(UnifiedJedis redis) {
    return redis instanceof JedisPooled || redis instanceof JedisSentineled;
  }

  /** Whether synchronous calls are combined (else each is sent on its own, on its thread). */
  boolean combines() {
    return combinesSync;
  }

  /** Whether asynchronous calls are combined (else each is a task of its own). */
  boolean combinesAsync() {
    return combinesAsync;
  }

  /**
   * Runs {@code script} and waits for its reply, sending it with the calls of other callers that
   * are waiting too.
   *
   * @param keys the script's KEYS, at least one
   * @param args the script's ARGV
   * @return the reply, as Jedis decodes it
   * @throws JedisException whatever the client throws for this call, or a timeout if no reply came
   *     within the wait limit
   * @throws CallAbandonedException if the thread was interrupted while it waited (its interrupt
   *     status is kept)
   */
  Object run(LuaScript script, List<byte[]> keys, List<byte[]> args) {
    if (!combinesSync) {
      calls.increment();
      roundTrips.increment();
      return direct.run(script, keys, args);
    }
    long start = ticker.read();
    ScriptCall own = ScriptCall.waitedFor(script, keys, args);
    if (queue.isEmpty() && takeRole()) {
      try {
        sendBatch(own);
        sendMore();
      } finally {
        passRole();
      }
    } else {
      queue.add(own);
      if (takeRole()) {
        passRole();
      }
    }
    return await(own, start);
  }

  /**
   * Queues an asynchronous call; its completion runs on the thread that sends its batch (a flush
   * on the executor, or a synchronous caller's thread).
   */
  void submit(ScriptCall call) {
    queue.add(call);
    if (takeRole()) {
      passRole();
    }
  }

  /** Takes one of the {@link #MAX_SENDERS} sending roles, if one is free. */
  private boolean takeRole() {
    for (;;) {
      int held = senders.get();
      if (held >= MAX_SENDERS) {
        return false;
      }
      if (senders.compareAndSet(held, held + 1)) {
        return true;
      }
    }
  }

  private Object await(ScriptCall own, long start) {
    boolean interrupted = false;
    try {
      for (;;) {
        int state = own.state();
        if (state == ScriptCall.DONE) {
          return own.reply();
        }
        if (state == ScriptCall.FLUSH) {
          try {
            sendBatch(own);
            sendMore();
          } finally {
            passRole();
          }
          continue;
        }
        if (Thread.interrupted()) {
          interrupted = true;
          if (own.abandon()) {
            throw new CallAbandonedException("interrupted while waiting for a combined Redis call", null);
          }
          continue;
        }
        long left = waitLimitNanos - (ticker.read() - start);
        if (left <= 0) {
          if (own.abandon()) {
            throw new JedisException(
                "no reply within the call timeout of " + waitLimitNanos + " ns (waiting for a combined round trip)");
          }
          continue;
        }
        LockSupport.parkNanos(this, left);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Called by the holder of a sending role when it is done: hands the role to the next queued
   * call's thread or to a flush task, or releases it when nothing is queued. Never sends itself.
   */
  private void passRole() {
    for (;;) {
      ScriptCall next;
      while ((next = queue.poll()) != null) {
        if (!next.isAsync()) {
          if (next.elect()) {
            return;
          }
          continue; // its caller gave up
        }
        ScriptCall first = next;
        try {
          executor.execute(() -> flushOnExecutor(first));
          return;
        } catch (RejectedExecutionException e) {
          first.settle(null, new CallAbandonedException("the asynchronous executor refused the flush", e));
        }
      }
      senders.decrementAndGet();
      if (queue.isEmpty() || !takeRole()) {
        return;
      }
    }
  }

  /**
   * After its own batch, a synchronous sender sends up to {@link #EXTRA_BATCHES} more while calls
   * are queued: handing the role to a parked thread costs a wake-up on everyone's path.
   */
  private void sendMore() {
    for (int i = 0; i < EXTRA_BATCHES && !queue.isEmpty(); i++) {
      sendBatch(null);
    }
  }

  /** A flush task: sends batches while calls are queued, then passes the role on. */
  private void flushOnExecutor(ScriptCall first) {
    try {
      sendBatch(first);
      while (!queue.isEmpty()) {
        sendBatch(null);
      }
    } finally {
      passRole();
    }
  }

  /** Sends {@code first} (if any) and up to {@link #MAX_BATCH} calls in all from the queue. */
  private void sendBatch(@Nullable ScriptCall first) {
    List<ScriptCall> batch = new ArrayList<>();
    if (first != null) {
      batch.add(first);
    }
    ScriptCall next;
    while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
      if (!next.isAbandoned()) {
        batch.add(next);
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    calls.add(batch.size());
    if (batch.size() == 1) {
      roundTrips.increment();
      ScriptCall only = batch.get(0);
      Object reply;
      try {
        reply = direct.run(only.script, only.keys, only.args);
      } catch (RuntimeException e) {
        only.settle(null, e);
        return;
      }
      only.settle(reply, null);
      return;
    }
    List<ScriptCall> unknown = pipeline(batch, false);
    if (!unknown.isEmpty()) {
      try {
        for (int i = 0; i < unknown.size(); i++) {
          LuaScript script = unknown.get(i).script;
          if (indexOf(unknown, script) == i) {
            redis.scriptLoad(script.source(), unknown.get(i).keys.get(0));
          }
        }
      } catch (RuntimeException e) {
        unknown.forEach(call -> call.settle(null, e));
        return;
      }
      pipeline(unknown, true);
    }
  }

  private static int indexOf(List<ScriptCall> calls, LuaScript script) {
    for (int i = 0; i < calls.size(); i++) {
      if (calls.get(i).script == script) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Sends {@code batch} as one pipeline and settles each call, but those the server answered
   * {@code NOSCRIPT} (unless {@code retry}, then they fail).
   *
   * @return the calls answered NOSCRIPT and not settled
   */
  private List<ScriptCall> pipeline(List<ScriptCall> batch, boolean retry) {
    roundTrips.increment();
    List<ScriptCall> unknown = new ArrayList<>(0);
    List<Response<Object>> replies = new ArrayList<>(batch.size());
    try (AbstractPipeline pipeline = redis.pipelined()) {
      for (ScriptCall call : batch) {
        replies.add(pipeline.evalsha(call.script.sha1(), call.keys, call.args));
      }
      pipeline.sync();
    } catch (RuntimeException e) {
      batch.forEach(call -> call.settle(null, e));
      return unknown;
    }
    for (int i = 0; i < batch.size(); i++) {
      ScriptCall call = batch.get(i);
      Object reply;
      try {
        reply = replies.get(i).get();
      } catch (JedisNoScriptException e) {
        if (retry) {
          call.settle(null, e);
        } else {
          unknown.add(call);
        }
        continue;
      } catch (RuntimeException e) {
        call.settle(null, e);
        continue;
      }
      call.settle(reply, null);
    }
    return unknown;
  }

  /** Calls waiting in the queue now (for tests). */
  int queued() {
    return queue.size();
  }

  /** Round trips made so far: pipelines and single calls (for tests and diagnostics). */
  long roundTrips() {
    return roundTrips.sum();
  }

  /** Calls sent so far, each counted once however it was sent (for tests and diagnostics). */
  long calls() {
    return calls.sum();
  }
}
