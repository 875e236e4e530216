package dev.bulwark.ratelimit.redis;

import dev.bulwark.core.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * A pooled client that counts the limiter's Redis calls (EVALSHA, alone or in a combined pipeline,
 * and SCRIPT LOAD), so tests can
 * assert that a decision did or did not reach Redis: the honest measure of "no latency once the
 * breaker is open". It can also make every call look slow to the limiter, by advancing a
 * {@link ManualTicker} while it runs.
 */
final class CountingJedis extends JedisPooled {

  private final AtomicInteger evalsha = new AtomicInteger();
  private final AtomicInteger scriptLoads = new AtomicInteger();
  private final AtomicInteger pipelines = new AtomicInteger();
  private volatile ManualTicker slowClock;
  private volatile Duration slowBy = Duration.ZERO;

  CountingJedis(HostAndPort address) {
    super(address, DefaultJedisClientConfig.builder().connectionTimeoutMillis(1_000).socketTimeoutMillis(1_000).build());
  }

  @Override
  public Object evalsha(byte[] sha1, List<byte[]> keys, List<byte[]> args) {
    evalsha.incrementAndGet();
    ManualTicker clock = slowClock;
    if (clock != null) {
      clock.advance(slowBy);
    }
    return super.evalsha(sha1, keys, args);
  }

  /** Counts each EVALSHA of a combined batch too, and the pipelines. */
  @Override
  public Pipeline pipelined() {
    pipelines.incrementAndGet();
    return new Pipeline(getPool().getResource(), true) {
      @Override
      public Response<Object> evalsha(byte[] sha1, List<byte[]> keys, List<byte[]> args) {
        evalsha.incrementAndGet();
        return super.evalsha(sha1, keys, args);
      }
    };
  }

  @Override
  public byte[] scriptLoad(byte[] script, byte[] sampleKey) {
    scriptLoads.incrementAndGet();
    return super.scriptLoad(script, sampleKey);
  }

  /** Every later call advances {@code clock} by {@code by}, as if Redis took that long. */
  void makeSlow(ManualTicker clock, Duration by) {
    this.slowBy = by;
    this.slowClock = clock;
  }

  void makeFast() {
    this.slowClock = null;
  }

  int evalshaCalls() {
    return evalsha.get();
  }

  int pipelines() {
    return pipelines.get();
  }

  int scriptLoads() {
    return scriptLoads.get();
  }
}
