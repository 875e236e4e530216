package dev.bulwark.http;

import dev.bulwark.core.Ticker;
import dev.bulwark.ratelimit.RateLimit;
import dev.bulwark.ratelimit.RateLimiter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes the {@link RequestLog} events of one edge. The rejection bound is a token bucket of the
 * rate-limit module (lock-free, on the edge's ticker); the suppressed count is one atomic. A request
 * that is neither slow nor refused costs two comparisons.
 */
final class RequestLogger {

  private final @Nullable RateLimiter rejections;
  private final AtomicLong suppressed = new AtomicLong();

  RequestLogger(RequestLog log, Ticker ticker) {
    int perSecond = log.rejectionsPerSecond();
    this.rejections = perSecond == 0
        ? null
        : RateLimiter.builder(RateLimit.perSecond(perSecond)).name("request-log").ticker(ticker).build();
  }

  /** Logs a slow request once it ended, if it was slow. */
  static void finished(CompiledRoute route, RequestContext context, int status, long nanos) {
    if (nanos < route.slowWarnNanos) {
      return;
    }
    boolean critical = nanos >= route.slowCriticalNanos;
    long thresholdMs = (critical ? route.slowCriticalNanos : route.slowWarnNanos) / 1_000_000L;
    if (!(critical ? EdgeEvents.LOG.isErrorEnabled() : EdgeEvents.LOG.isWarnEnabled())) {
      return;
    }
    LoggingEventBuilder b = critical ? EdgeEvents.LOG.atError() : EdgeEvents.LOG.atWarn();
    long ms = nanos / 1_000_000L;
    b = b.setMessage("slow request: {} {} on route '{}' took {} ms (status {})")
        .addArgument(context.method)
        .addArgument(context.path)
        .addArgument(route.name)
        .addArgument(ms)
        .addArgument(status)
        .addKeyValue("event", "slow_request")
        .addKeyValue("severity", critical ? "critical" : "warn")
        .addKeyValue("route", route.name)
        .addKeyValue("method", context.method)
        .addKeyValue("path", Texts.truncate(context.path))
        .addKeyValue("status", status)
        .addKeyValue("duration_ms", ms)
        .addKeyValue("threshold_ms", thresholdMs);
    String id = context.requestId;
    if (id != null) {
      b = b.addKeyValue("request_id", id);
    }
    b.log();
  }

  /** Logs a refusal, unless the bound drops it. */
  void rejected(CompiledRoute route, RequestContext context, EdgeRejection rejection) {
    RateLimiter limiter = rejections;
    if (limiter == null || rejection.status() < 400 || !EdgeEvents.LOG.isWarnEnabled()) {
      return;
    }
    if (!limiter.tryAcquire()) {
      suppressed.incrementAndGet();
      return;
    }
    String reason = reason(rejection.gate());
    LoggingEventBuilder b = EdgeEvents.LOG.atWarn()
        .setMessage("request refused on route '{}' by {}: {} (status {})")
        .addArgument(route.name)
        .addArgument(rejection.gate())
        .addArgument(reason)
        .addArgument(rejection.status())
        .addKeyValue("event", "request_rejected")
        .addKeyValue("route", route.name)
        .addKeyValue("gate", rejection.gate().name().toLowerCase(Locale.ROOT))
        .addKeyValue("reason", reason)
        .addKeyValue("status", rejection.status())
        .addKeyValue("client_key", Texts.truncate(context.clientKey))
        .addKeyValue("suppressed", suppressed.getAndSet(0));
    String id = context.requestId;
    if (id != null) {
      b = b.addKeyValue("request_id", id);
    }
    b.log();
  }

  /** The reason of a refusal by a gate, as logged. */
  static String reason(EdgeGate gate) {
    return switch (gate) {
      case RATE_LIMIT -> "rate_limit_exceeded";
      case CONCURRENCY -> "connection_limit_exceeded";
      case VALIDATION -> "validation_failed";
      case CIRCUIT_BREAKER -> "circuit_open";
      case CORS -> "cors_refused";
      case DRAINING -> "draining";
    };
  }

  @Override
  public String toString() {
    return "RequestLogger[" + rejections + "]";
  }
}
