package dev.bulwark.http;

import dev.bulwark.circuitbreaker.CircuitBreaker;
import dev.bulwark.headers.CorsDecision;
import dev.bulwark.headers.CorsPolicy;
import dev.bulwark.headers.CorsRefusal;
import dev.bulwark.headers.PreflightDecision;
import dev.bulwark.headers.ResponseHeader;
import dev.bulwark.ratelimit.ConcurrencyLimiter;
import dev.bulwark.ratelimit.KeyedConcurrencyLimiter;
import dev.bulwark.validation.Violation;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Runs a route's gates for one request, in the order CORS, rate limit, concurrency limit,
 * validation, circuit breaker, and stops at the first refusal.
 *
 * <h2>Why this order</h2>
 * CORS first: a preflight never reaches the handler, so it should not spend the client's quota of
 * the route (it counts against the edge's preflight limit instead, per client IP), and a browser
 * refused by origin learns nothing else. Then the limits, because they are the
 * cheapest checks and because an injection prober must run into its rate limit like any client:
 * if validation came first, a prober would get a free 400 per attempt, forever. Validation comes
 * before the breaker so that a bad request never takes a half-open trial slot, and the breaker is
 * last because its permission is the scarcest resource while it recovers.
 *
 * <h2>Shadow mode</h2>
 * A gate in shadow mode ({@link RouteBuilder#shadow(EdgeGate, EdgeGate...)}) runs exactly as it
 * would, and where it would refuse it reports the refusal ({@link CompiledRoute#shadowRejected})
 * and the chain goes on as if the gate had admitted the request: without the rate outcome's
 * fields, without a concurrency permit or breaker permission it could not get.
 *
 * <h2>Resources on refusal</h2>
 * A refused request holds nothing: a concurrency permit taken before a later gate refuses is
 * released at once, and so is the permit when anything after it throws. A rate-limit permit is
 * not refunded: the request did arrive, and a client flooding bad requests must not get them free.
 *
 * <h2>Cost</h2>
 * For an admitted request on a route with a keyed rate limit, a keyed concurrency limit and a
 * breaker, the chain itself allocates the exchange and the strings of client input it must hand
 * to the validators (a plain query parameter name only once per route: {@link QueryNames}; none
 * for a query the route found clean lately: {@link CleanQueries}); the
 * rate outcome of a grant by the in-memory keyed limiter is reused ({@link GrantedOutcomes}); the
 * limiters' own costs are documented on them.
 */
final class GateChain {

  private GateChain() {}

  static EdgeExchange begin(CompiledRoute route, EdgeRequest request, String path, boolean preflight) {
    return Objects.requireNonNull(begin(route, request, path, preflight, null));
  }

  /**
   * Runs the gates as {@link #begin} does, asking a remote rate or concurrency limit through its
   * asynchronous method; see {@link Edge#beginAsync} for the contract.
   */
  static CompletableFuture<EdgeExchange> beginAsync(
      CompiledRoute route, EdgeRequest request, String path, Executor resume) {
    if (!route.remoteRate && !route.remoteConcurrency) {
      return CompletableFuture.completedFuture(begin(route, request, path, false));
    }
    Resumption resumption = new Resumption(resume);
    EdgeExchange early = begin(route, request, path, false, resumption);
    return early != null ? CompletableFuture.completedFuture(early) : Objects.requireNonNull(resumption.result);
  }

  /**
   * Runs the gates up to the limits, then the limits and the rest: synchronously when
   * {@code resumption} is null; else asynchronously, returning null and leaving the stage in
   * {@code resumption}.
   */
  private static @Nullable EdgeExchange begin(CompiledRoute route, EdgeRequest request, String path, boolean preflight,
      @Nullable Resumption resumption) {
    EdgeConfig config = route.config;
    RequestContext context = EdgeEvents.context(route, request, path);
    if (route.inFlight.draining()) {
      return refuseDraining(route, request, context, path);
    }
    List<ResponseHeader> corsHeaders = List.of();
    CorsPolicy cors = route.cors;
    if (cors != null) {
      String origin = request.header("Origin");
      if (preflight) {
        RateGate preflightLimit = config.preflightLimit();
        if (preflightLimit != null) {
          RateOutcome rate = preflightLimit.acquire(config.resolver().resolve(request));
          if (!rate.decision().allowed()) {
            if (!route.shadowRate) {
              return refuseRate(route, request, context, path, "Too many CORS preflights", List.of(), rate);
            }
            route.shadowRejected(context, EdgeGate.RATE_LIMIT, Statuses.TOO_MANY_REQUESTS);
          }
        }
        return rejected(route, request, context, Rejections.preflight(
            route, route.config.resolver().secure(request), path, preflight(cors, request, origin), context), path);
      }
      CorsDecision decision = cors.actual(origin);
      corsHeaders = decision.headers();
      if (route.rejectDisallowedOrigins && refusesOrigin(route, decision, request, origin)) {
        if (route.shadowCors) {
          route.shadowRejected(context, EdgeGate.CORS, Statuses.FORBIDDEN);
        } else {
          return refuseOrigin(route, request, context, path, decision, corsHeaders);
        }
      }
    }
    if (resumption != null) {
      resumption.result = limitAndAdmitAsync(route, request, context, path, corsHeaders, resumption.executor);
      return null;
    }
    return limitAndAdmit(route, request, context, path, corsHeaders);
  }

  /** Where an asynchronous start resumes, and the stage it hands back. */
  private static final class Resumption {
    final Executor executor;
    @Nullable CompletableFuture<EdgeExchange> result;

    Resumption(Executor executor) {
      this.executor = executor;
    }
  }

  private static EdgeExchange refuseOrigin(CompiledRoute route, EdgeRequest request,
      @Nullable RequestContext context, String path, CorsDecision decision, List<ResponseHeader> corsHeaders) {
    String reason = Objects.requireNonNull(decision.refusal()).description();
    return refuse(route, request, context, path, Refusal.of(EdgeGate.CORS, Statuses.FORBIDDEN,
        "CORS request refused: " + reason + ".", -1), corsHeaders, null);
  }

  /** The gates after CORS: the rate limit, the concurrency limit, then {@link #admitOrRefuse}. */
  private static EdgeExchange limitAndAdmit(CompiledRoute route, EdgeRequest request,
      @Nullable RequestContext context, String path, List<ResponseHeader> corsHeaders) {
    String clientKey = clientKey(route, request, context);
    RateOutcome rate = null;
    RateGate rateGate = route.rate;
    long reading = 0;
    if (rateGate != null && route.breakerStartsAtRate) {
      reading = route.config.ticker().read(); // the limiter's reading, and the breaker's start
      rate = rateGate.acquireAt(clientKey, reading);
    } else if (rateGate != null) {
      rate = rateGate.acquire(clientKey);
    } else if (route.rateParts != null) {
      rate = acquireParts(route, request);
    }
    if (refusedByRate(route, context, rate)) {
      return refuseRate(route, request, context, path, "Rate limit exceeded", corsHeaders, Objects.requireNonNull(rate));
    }
    RateOutcome shown = route.shadowRate ? null : rate; // a shadowed limit adds no fields to the response
    KeyedConcurrencyLimiter<String> concurrency = route.concurrency;
    ConcurrencyLimiter.Permit permit = concurrency != null ? concurrency.tryAcquire(clientKey) : null;
    return withPermit(route, request, context, path, corsHeaders, shown, permit, route.breakerStartsAtRate, reading);
  }

  /** Tells whether a rate outcome refuses the request; reports a refusal the gate's shadow mode lets through. */
  private static boolean refusedByRate(CompiledRoute route, @Nullable RequestContext context, @Nullable RateOutcome rate) {
    if (rate == null || rate.decision().allowed()) {
      return false;
    }
    if (route.shadowRate) {
      route.shadowRejected(context, EdgeGate.RATE_LIMIT, Statuses.TOO_MANY_REQUESTS);
      return false;
    }
    return true;
  }

  private static String clientKey(CompiledRoute route, EdgeRequest request, @Nullable RequestContext context) {
    if (context != null) {
      return context.clientKey;
    }
    if (route.needsKey) {
      String ip = route.key.needsIp() ? route.config.resolver().resolve(request) : "";
      return route.key.resolve(request, ip, route.routeKey);
    }
    return "";
  }

  private static RateOutcome acquireParts(CompiledRoute route, EdgeRequest request) {
    RateParts parts = Objects.requireNonNull(route.rateParts);
    String ip = parts.needsIp() ? route.config.resolver().resolve(request) : "";
    return parts.acquire(request, ip, route.routeKey);
  }

  /**
   * The limits of {@link #limitAndAdmit}, each remote one asked through its asynchronous method;
   * what follows a remote answer runs on {@code resume}. Rate-limit parts ({@link RateParts}) with a
   * remote part are asked through {@link RateParts#acquireAsync}.
   */
  private static CompletableFuture<EdgeExchange> limitAndAdmitAsync(CompiledRoute route, EdgeRequest request,
      @Nullable RequestContext context, String path, List<ResponseHeader> corsHeaders, Executor resume) {
    String clientKey = clientKey(route, request, context);
    RateGate rateGate = route.rate;
    if (rateGate != null && route.remoteRate) {
      return resumeOn(rateGate.acquireAsync(clientKey), resume,
          rate -> afterRate(route, request, context, path, corsHeaders, clientKey, rate, resume), rate -> { });
    }
    RateParts parts = route.rateParts;
    if (parts != null && route.remoteRate) {
      String ip = parts.needsIp() ? route.config.resolver().resolve(request) : "";
      return resumeOn(parts.acquireAsync(request, ip, route.routeKey), resume,
          rate -> afterRate(route, request, context, path, corsHeaders, clientKey, rate, resume), rate -> { });
    }
    RateOutcome rate = null;
    if (rateGate != null) {
      rate = rateGate.acquire(clientKey);
    } else if (parts != null) {
      rate = acquireParts(route, request);
    }
    return afterRate(route, request, context, path, corsHeaders, clientKey, rate, resume);
  }

  /** After an asynchronous rate decision: the rate outcome, then the concurrency permit. */
  private static CompletableFuture<EdgeExchange> afterRate(CompiledRoute route, EdgeRequest request,
      @Nullable RequestContext context, String path, List<ResponseHeader> corsHeaders, String clientKey,
      @Nullable RateOutcome rate, Executor resume) {
    if (refusedByRate(route, context, rate)) {
      return CompletableFuture.completedFuture(refuseRate(
          route, request, context, path, "Rate limit exceeded", corsHeaders, Objects.requireNonNull(rate)));
    }
    RateOutcome outcome = route.shadowRate ? null : rate;
    KeyedConcurrencyLimiter<String> concurrency = route.concurrency;
    if (concurrency != null && route.remoteConcurrency) {
      return resumeOn(concurrency.tryAcquireAsync(clientKey).toCompletableFuture(), resume,
          permit -> CompletableFuture.completedFuture(
              withPermit(route, request, context, path, corsHeaders, outcome, permit, false, 0)),
          ConcurrencyLimiter.Permit::close);
    }
    ConcurrencyLimiter.Permit permit = concurrency != null ? concurrency.tryAcquire(clientKey) : null;
    return CompletableFuture.completedFuture(
        withPermit(route, request, context, path, corsHeaders, outcome, permit, false, 0));
  }

  /**
   * Continues with a decision on {@code resume}, or at once on this thread if it is already made.
   * If {@code resume} refuses the task (an event loop shutting down), what the decision holds is
   * given to {@code abandon} and the stage completes with the {@link RejectedExecutionException}.
   */
  private static <T> CompletableFuture<EdgeExchange> resumeOn(CompletableFuture<T> decided, Executor resume,
      Function<T, CompletableFuture<EdgeExchange>> next, Consumer<T> abandon) {
    if (decided.isDone() && !decided.isCompletedExceptionally()) {
      return next.apply(decided.join());
    }
    CompletableFuture<EdgeExchange> result = new CompletableFuture<>();
    var unused = decided.whenComplete((value, error) -> {
      if (error != null) {
        result.completeExceptionally(error);
        return;
      }
      try {
        resume.execute(() -> {
          try {
            var unusedForward = next.apply(value).whenComplete((exchange, failure) -> {
              if (failure != null) {
                result.completeExceptionally(failure);
              } else {
                result.complete(exchange);
              }
            });
          } catch (RuntimeException | Error e) {
            result.completeExceptionally(e);
          }
        });
      } catch (RejectedExecutionException e) {
        abandon.accept(value);
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  /**
   * The concurrency permit's outcome (refused, shadowed, none or held), then {@link #admitOrRefuse};
   * {@code started} and {@code startNanos} are {@link #admitOrRefuse}'s.
   */
  private static EdgeExchange withPermit(CompiledRoute route, EdgeRequest request,
      @Nullable RequestContext context, String path, List<ResponseHeader> corsHeaders,
      @Nullable RateOutcome rate, ConcurrencyLimiter.@Nullable Permit acquired, boolean started, long startNanos) {
    ConcurrencyLimiter.Permit permit = acquired;
    if (permit != null) {
      if (!permit.isAcquired()) {
        if (route.shadowConcurrency) {
          route.shadowRejected(context, EdgeGate.CONCURRENCY, Statuses.SERVICE_UNAVAILABLE);
          permit = null;
        } else {
          return refuse(route, request, context, path, Refusal.of(EdgeGate.CONCURRENCY, Statuses.SERVICE_UNAVAILABLE,
            "Too many requests in progress; retry after 1 second.", 1), corsHeaders, rate);
        }
      }
    }
    try {
      return admitOrRefuse(route, request, context, path, corsHeaders, rate, permit, started, startNanos);
    } catch (RuntimeException | Error e) {
      if (permit != null) {
        permit.close();
      }
      throw e;
    }
  }

  /**
   * The gates after the concurrency permit: validation and the breaker. The breaker's start (what
   * the request's duration is measured from) is {@code startNanos} when {@code started}: the reading
   * the route's rate limit decided at ({@link CompiledRoute#breakerStartsAtRate}), so that the
   * request reads the ticker once before the handler instead of twice, and its duration also spans
   * the gates between the two (the concurrency limit, validation, the breaker's permission). Else
   * the ticker is read once the breaker has given its permission.
   */
  private static EdgeExchange admitOrRefuse(
      CompiledRoute route,
      EdgeRequest request,
      @Nullable RequestContext context,
      String path,
      List<ResponseHeader> corsHeaders,
      @Nullable RateOutcome rate,
      ConcurrencyLimiter.@Nullable Permit permit,
      boolean started,
      long startNanos) {
    ValidationGate validation = route.validation;
    if (validation != null) {
      ValidationGate.Invalid invalid = validation.check(request);
      if (invalid != null && route.shadowValidation) {
        route.shadowRejected(context, EdgeGate.VALIDATION, invalid.status());
      } else if (invalid != null) {
        release(permit);
        return refuse(route, request, context, path, Refusal.invalid(invalid), corsHeaders, rate);
      }
    }
    // Drawn before the breaker permission, so that nothing can throw once that is held.
    String nonce = route.securityHeaders.usesNonce() ? route.securityHeaders.newNonce() : null;
    long ticket = CircuitBreaker.NOT_PERMITTED;
    long start = 0;
    CircuitBreaker breaker = route.breaker;
    if (breaker != null) {
      ticket = breaker.tryAcquirePermission();
      if (ticket == CircuitBreaker.NOT_PERMITTED && route.shadowBreaker) {
        route.shadowRejected(context, EdgeGate.CIRCUIT_BREAKER, Statuses.SERVICE_UNAVAILABLE);
      } else if (ticket == CircuitBreaker.NOT_PERMITTED) {
        release(permit);
        long nanos = breaker.remainingOpenNanos();
        long retryAfter = Math.max(1, nanos / 1_000_000_000L + (nanos % 1_000_000_000L == 0 ? 0 : 1));
        return refuse(route, request, context, path, Refusal.of(EdgeGate.CIRCUIT_BREAKER, Statuses.SERVICE_UNAVAILABLE,
            "The service is temporarily unavailable; retry after " + retryAfter + " seconds.",
            retryAfter), corsHeaders, rate);
      }
      start = started ? startNanos : route.config.ticker().read();
    }
    InFlight inFlight = route.inFlight;
    inFlight.enter();
    if (inFlight.draining()) {
      // A drain began since the check in begin: back out (see InFlight on why this is enough).
      inFlight.exit();
      if (breaker != null) {
        breaker.releasePermission(ticket);
      }
      release(permit);
      return refuseDraining(route, request, context, path);
    }
    return new AdmittedExchange(route, request, route.config.resolver().secure(request), path, nonce, corsHeaders, rate,
        permit, ticket, start, context);
  }

  private static PreflightDecision preflight(CorsPolicy cors, EdgeRequest request, @Nullable String origin) {
    String method = Objects.requireNonNull(request.header("Access-Control-Request-Method"));
    boolean privateNetwork =
        "true".equalsIgnoreCase(request.header("Access-Control-Request-Private-Network"));
    return cors.preflight(
        origin, method, request.headers("Access-Control-Request-Headers"), privateNetwork);
  }

  /**
   * Tells whether an actual request is refused for its origin: the policy does not allow it, the
   * request has one, and it is not the request's own origin (same-origin requests need no CORS).
   */
  private static boolean refusesOrigin(CompiledRoute route, CorsDecision decision, EdgeRequest request, @Nullable String origin) {
    if (decision.allowed() || origin == null || decision.refusal() == CorsRefusal.ORIGIN_MISSING) {
      return false;
    }
    String host = request.header("Host");
    return host == null || !origin.equals((route.config.resolver().secure(request) ? "https://" : "http://") + host);
  }

  private static void release(ConcurrencyLimiter.@Nullable Permit permit) {
    if (permit != null) {
      permit.close();
    }
  }

  /**
   * Refuses a request whose path the edge will not route ({@link MatchPath#refusal}): 400, or 414
   * when it is too long, answered by {@code route} (the default route) before any gate runs.
   */
  static EdgeExchange refuseTarget(CompiledRoute route, EdgeRequest request) {
    String raw = request.path();
    Violation violation = MatchPath.refusal(raw);
    boolean tooLong = violation.code() == Violation.Code.TOO_LONG;
    Refusal refusal = new Refusal(EdgeGate.VALIDATION,
        tooLong ? Statuses.URI_TOO_LONG : Statuses.BAD_REQUEST,
        (tooLong ? "The request path is too long: " : "The request path is ambiguous: ")
            + violation.message() + ".", -1, List.of(violation));
    String instance = tooLong ? "/" : raw;
    return refuse(route, request, EdgeEvents.context(route, request, raw), instance, refusal, List.of(), null);
  }

  /** Refuses a request because the edge drains: 503, {@code Retry-After: 1}, {@code Connection: close}. */
  private static EdgeExchange refuseDraining(
      CompiledRoute route, EdgeRequest request, @Nullable RequestContext context, String path) {
    return refuse(route, request, context, path, Refusal.of(EdgeGate.DRAINING, Statuses.SERVICE_UNAVAILABLE,
        "The server is shutting down; retry after 1 second.", 1), List.of(), null);
  }

  /** Refuses a request a rate limit refused: 429 with its Retry-After and RateLimit fields. */
  private static EdgeExchange refuseRate(
      CompiledRoute route,
      EdgeRequest request,
      @Nullable RequestContext context,
      String path,
      String what,
      List<ResponseHeader> corsHeaders,
      RateOutcome rate) {
    long retryAfter = RateLimitFields.retryAfterSeconds(rate.decision());
    return refuse(route, request, context, path, Refusal.of(EdgeGate.RATE_LIMIT, Statuses.TOO_MANY_REQUESTS,
        what + "; retry after " + retryAfter + " seconds.", retryAfter), corsHeaders, rate);
  }

  private static EdgeExchange refuse(
      CompiledRoute route,
      EdgeRequest request,
      @Nullable RequestContext context,
      String path,
      Refusal refusal,
      List<ResponseHeader> corsHeaders,
      @Nullable RateOutcome rate) {
    return rejected(route, request, context, Rejections.of(route, route.config.resolver().secure(request),
        path, null, refusal, corsHeaders, rate, context), path);
  }

  private static EdgeExchange rejected(
      CompiledRoute route, EdgeRequest request, @Nullable RequestContext context, EdgeRejection rejection,
      String path) {
    EdgeEvents.rejected(route, context, rejection);
    return new RejectedExchange(route.name, path, request, route.config.resolver(), rejection,
        route.securityHeaders.headersToRemove(), context == null ? null : context.requestId);
  }
}
